import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Store } from "../store/database.ts";

/** One kind of background work: its queue name, payload schema, retry policy and handler. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  handler: (data: z.output<S>, job: { id: string; retryCount: number }) => Promise<void>;
  /** Retries after the first failure; delays grow exponentially from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Jobs of this kind one process runs at once. */
  concurrency?: number;
  /** Cron expression (UTC) for periodic jobs. */
  cron?: string;
}

/** Declares a job definition with its payload type checked against the handler. */
export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;

export interface JobQueueOptions {
  /** Fetch and run jobs in this process (false: only enqueue). */
  work: boolean;
  /** How often an idle worker looks for jobs; pg-boss's minimum is 0.5. */
  pollingIntervalSeconds?: number;
}

export interface JobState {
  id: string;
  name: string;
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  retry_count: number;
  retry_limit: number;
  created_on: string;
  started_on: string | null;
  completed_on: string | null;
  output: unknown;
}

/**
 * The platform's background jobs, on pg-boss. On PostgreSQL pg-boss has its own pool and
 * several processes share the work (SKIP LOCKED); on PGlite it runs through the store's
 * `executeSql`, inside the one process that owns the database.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly defs = new Map<string, JobDefinition>();
  private started = false;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly opts: JobQueueOptions,
  ) {
    const common = { schedule: opts.work, supervise: opts.work, migrate: true };
    this.boss =
      store.kind === "postgres" && store.url
        ? new PgBoss({
            ...common,
            connectionString: store.url,
            max: 4,
            application_name: "mogura-jobs",
          })
        : new PgBoss({
            ...common,
            db: { executeSql: (text, values) => store.executeSql(text, values) },
          });
    this.boss.on("error", (err) => this.log.error({ err }, "job queue error"));
  }

  /** Adds a job kind; call before `start`. */
  register(def: JobDefinition): this {
    if (this.started) throw new Error(`register ${def.name} before the queue starts`);
    this.defs.set(def.name, def);
    return this;
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const def of this.defs.values()) {
      await this.createQueue(def);
      if (def.cron && this.opts.work)
        await this.boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
      if (!this.opts.work) continue;
      for (let i = 0; i < (def.concurrency ?? 1); i++) await this.startWorker(def);
    }
    this.started = true;
  }

  /**
   * Creates the job kind's queue. Processes starting together (several workers on one
   * PostgreSQL) can deadlock inside pg-boss's create_queue; the loser tries again.
   */
  private async createQueue(def: JobDefinition) {
    for (let attempt = 1; ; attempt++) {
      try {
        if (await this.boss.getQueue(def.name)) return;
        await this.boss.createQueue(def.name, {
          name: def.name,
          retryLimit: def.retryLimit ?? 3,
          retryDelay: def.retryDelaySeconds ?? 30,
          retryBackoff: true,
        });
        return;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt >= 5 || (code !== "40P01" && code !== "23505")) throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      }
    }
  }

  /**
   * pg-boss fetches once per polling interval even while jobs wait; after a job, the worker
   * is told to fetch again at once, so a backlog drains at full speed and only an idle
   * worker polls.
   */
  private async startWorker(def: JobDefinition) {
    let workerId = "";
    workerId = await this.boss.work(
      def.name,
      {
        batchSize: 1,
        includeMetadata: true,
        pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2,
      },
      async (jobs) => {
        try {
          await this.run(def, jobs);
        } finally {
          if (jobs.length > 0 && workerId) this.boss.notifyWorker(workerId);
        }
      },
    );
  }

  private async run(def: JobDefinition, jobs: PgBoss.JobWithMetadata<unknown>[]) {
    for (const job of jobs) {
      const parsed = def.payload.safeParse(job.data ?? {});
      if (!parsed.success) {
        // A payload that can never be valid fails for good instead of being retried.
        this.log.error(
          { job: job.id, queue: def.name, issues: parsed.error.issues },
          "job payload invalid",
        );
        await this.boss.fail(def.name, job.id, {
          message: `invalid payload: ${parsed.error.message}`,
        });
        continue;
      }
      try {
        await def.handler(parsed.data, { id: job.id, retryCount: job.retryCount });
      } catch (err) {
        this.log.warn({ err, job: job.id, queue: def.name, retry: job.retryCount }, "job failed");
        throw err;
      }
    }
  }

  /** Enqueues a job; returns its id. */
  async send(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    def.payload.parse(data);
    const id = await this.boss.send(name, data, options);
    if (!id) throw new Error(`job ${name} was not queued`);
    return id;
  }

  async get(name: string, id: string): Promise<JobState | null> {
    const j = await this.boss.getJobById<unknown>(name, id, { includeArchive: true });
    return j ? toState(j) : null;
  }

  /** Failed jobs, newest first: what an administrator needs to look at. */
  async failed(limit = 100): Promise<JobState[]> {
    const rows = await this.store.query<PgBoss.JobWithMetadata<unknown>>(
      `SELECT id, name, state, retry_count AS "retryCount", retry_limit AS "retryLimit",
              created_on AS "createdOn", started_on AS "startedOn", completed_on AS "completedOn", output
         FROM pgboss.job WHERE state = 'failed' ORDER BY completed_on DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toState);
  }

  /** Stops fetching, waits for running jobs up to `timeoutMs`, and closes pg-boss's connections. */
  async stop(timeoutMs: number): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
  }
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function toState(j: PgBoss.JobWithMetadata<unknown>): JobState {
  return {
    id: j.id,
    name: j.name,
    state: j.state,
    retry_count: Number(j.retryCount),
    retry_limit: Number(j.retryLimit),
    created_on: iso(j.createdOn) ?? "",
    started_on: iso(j.startedOn),
    completed_on: iso(j.completedOn),
    output: j.output ?? null,
  };
}
