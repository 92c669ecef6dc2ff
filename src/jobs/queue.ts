import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { z } from "zod";
import { loggableError, storableMessage } from "../domain/storable.ts";
import { isoOrNull } from "../domain/time.ts";
import type { Store } from "../store/database.ts";
import {
  beginRun,
  CRASHES_BEFORE_SET_ASIDE,
  collectCrashedRuns,
  endRun,
  jobConnectionName,
  releaseRuns,
} from "./job-runs.ts";

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
  /**
   * Called when a payload is set aside because running it took the process down twice
   * (e.g. intake quarantines the report, so nothing queues it again).
   */
  onSetAside?: (data: z.output<S>, reason: string) => Promise<void>;
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
            application_name: jobConnectionName(),
          })
        : new PgBoss({
            ...common,
            db: { executeSql: (text, values) => store.executeSql(text, values) },
          });
    this.boss.on("error", (err) => this.log.error({ err: loggableError(err) }, "job queue error"));
    this.guardCompletion();
  }

  /**
   * pg-boss records a job's end (complete, or fail on a time-out) without awaiting it: a
   * database that refuses that write would be an unhandled rejection, which ends the
   * process. Those calls are made safe here; a job whose end was not recorded runs again
   * when it expires.
   */
  private guardCompletion() {
    // pg-boss's instance methods, wrapped in place: its worker calls them through `this`.
    const boss = this.boss as unknown as Record<
      "complete" | "fail",
      (...a: unknown[]) => Promise<unknown>
    >;
    for (const method of ["complete", "fail"] as const) {
      const original = boss[method].bind(this.boss);
      boss[method] = (...args: unknown[]) =>
        original(...args).catch((err: unknown) => {
          this.log.error(
            { err: loggableError(err), method },
            "the job queue could not record a job's end",
          );
          return { jobs: [], requested: 0, affected: 0 };
        });
    }
  }

  /** Adds a job kind; call before `start`. */
  register(def: JobDefinition): this {
    if (this.started) throw new Error(`register ${def.name} before the queue starts`);
    this.defs.set(def.name, def);
    return this;
  }

  async start(): Promise<void> {
    await this.boss.start();
    if (this.opts.work) await this.setAsideCrashed();
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

  /**
   * Runs the jobs and records each one's end itself; never throws. A failing handler's
   * error is recorded as its message only (what it quotes may come from outside), so the
   * record of a failure cannot fail in turn.
   */
  private async run(def: JobDefinition, jobs: PgBoss.JobWithMetadata<unknown>[]) {
    for (const job of jobs) {
      const parsed = def.payload.safeParse(job.data ?? {});
      if (!parsed.success) {
        // A payload that can never be valid fails for good instead of being retried.
        this.log.error(
          { job: job.id, queue: def.name, issues: parsed.error.issues },
          "job payload invalid",
        );
        await this.failForGood(def, job.id, `invalid payload: ${parsed.error.message}`);
        continue;
      }
      let subject: string | null = null;
      try {
        subject = await beginRun(this.store, def.name, job.id, parsed.data);
        if (subject === null) {
          await this.failForGood(def, job.id, SET_ASIDE_MESSAGE);
          continue;
        }
        await def.handler(parsed.data, { id: job.id, retryCount: job.retryCount });
      } catch (err) {
        this.log.warn(
          { err: loggableError(err), job: job.id, queue: def.name, retry: job.retryCount },
          "job failed",
        );
        await this.recordFailure(def, job.id, err);
      } finally {
        if (subject) await endRun(this.store, subject).catch(() => {});
      }
    }
  }

  /** Marks a job failed (pg-boss retries it while it has retries left), with a storable reason. */
  private async recordFailure(def: JobDefinition, jobId: string, err: unknown) {
    try {
      await this.boss.fail(def.name, jobId, failureOutput(err));
    } catch (e) {
      this.log.error(
        { err: loggableError(e), job: jobId, queue: def.name },
        "could not record a job's failure",
      );
    }
  }

  /** Marks a job failed with no retry left. */
  private async failForGood(def: JobDefinition, jobId: string, message: string) {
    try {
      // Raw SQL: pgboss.job is pg-boss's table, outside the typed schema, and pg-boss has
      // no call to use up a job's retries.
      await this.store.query(
        "UPDATE pgboss.job SET retry_limit = retry_count WHERE name = $1 AND id = $2",
        [def.name, jobId],
      );
      await this.boss.fail(def.name, jobId, { message: storableMessage(message) });
    } catch (e) {
      this.log.error(
        { err: loggableError(e), job: jobId, queue: def.name },
        "could not record a job's failure",
      );
    }
  }

  /**
   * Jobs that were running when their process died: each is failed now (so it is retried
   * after its delay, not when it expires), and a payload that took a process down twice is
   * set aside: logged with its queue, job and payload, handed to its kind's `onSetAside`,
   * and failed for good, so this start goes on with the rest of the work.
   */
  private async setAsideCrashed() {
    let crashed: Awaited<ReturnType<typeof collectCrashedRuns>>;
    try {
      crashed = await collectCrashedRuns(this.store);
    } catch (e) {
      this.log.error(
        { err: loggableError(e) },
        "could not read the jobs that were running at the last stop",
      );
      return;
    }
    for (const run of crashed) {
      const def = this.defs.get(run.queue);
      if (!def) continue;
      if (!run.set_aside_at) {
        this.log.warn(
          { queue: run.queue, job: run.job_id },
          "a job was running when the process stopped; it is retried",
        );
        await this.recordFailure(
          def,
          run.job_id,
          new Error("the process running this job stopped"),
        );
        continue;
      }
      const reason = `running it stopped the process ${run.crashes} times (job ${run.job_id} in ${run.queue}); it is set aside`;
      this.log.error(
        { queue: run.queue, job: run.job_id, payload: run.payload, crashes: run.crashes },
        `a job took the process down ${CRASHES_BEFORE_SET_ASIDE} times; it is set aside`,
      );
      try {
        await def.onSetAside?.(def.payload.parse(run.payload), reason);
      } catch (e) {
        this.log.error(
          { err: loggableError(e), job: run.job_id, queue: run.queue },
          "setting a job aside failed",
        );
      }
      await this.failForGood(def, run.job_id, reason);
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
    // Raw SQL: pg-boss lists jobs by queue, not failures across all of them; its table has
    // no place in the typed schema. Aliased to pg-boss's own field names for toState.
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
    if (this.opts.work) await releaseRuns(this.store).catch(() => {});
  }
}

const SET_ASIDE_MESSAGE =
  "this payload was set aside: running it took the process down twice (see the log of the start that set it aside)";

/** What a failed job's record holds: the message and the error's name and code, nothing it quoted. */
function failureOutput(err: unknown) {
  const e = err as { name?: unknown; code?: unknown; message?: unknown };
  return {
    message: storableMessage(typeof e?.message === "string" && e.message ? e.message : String(err)),
    name: typeof e?.name === "string" ? storableMessage(e.name, 100) : undefined,
    code: typeof e?.code === "string" ? storableMessage(e.code, 100) : undefined,
  };
}

function toState(j: PgBoss.JobWithMetadata<unknown>): JobState {
  return {
    id: j.id,
    name: j.name,
    state: j.state,
    retry_count: Number(j.retryCount),
    retry_limit: Number(j.retryLimit),
    created_on: isoOrNull(j.createdOn) ?? "",
    started_on: isoOrNull(j.startedOn),
    completed_on: isoOrNull(j.completedOn),
    output: j.output ?? null,
  };
}
