import type { Logger } from "pino";
import { type BootstrapResult, bootstrapAdminKey } from "../auth/bootstrap.ts";
import type { Config } from "../config/settings.ts";
import { platformJobs } from "../jobs/catalog.ts";
import { type JobDefinition, JobQueue } from "../jobs/queue.ts";
import type { Store } from "../store/database.ts";
import { migrate } from "../store/migrate.ts";
import { openStore } from "../store/open-store.ts";
import { buildApp, type MoguraApp } from "./app.ts";

/** A running Mogura: database, jobs and HTTP server. */
export interface Platform extends MoguraApp {
  store: Store;
  jobs: JobQueue;
  /** Base URL the HTTP server listens on. */
  url: string;
  /** Whether an admin key was made at this start (its key is shown once). */
  bootstrap: BootstrapResult;
  /** Drains requests and jobs, then closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

/** Raised for a problem the operator must fix; `message` is one line saying what and how. */
export class StartError extends Error {
  override name = "StartError";
}

/** Opens and migrates the database, starts jobs and listens, in that order; undoes it all on failure. */
export async function startPlatform(
  config: Config,
  logger: Logger,
  opts: { store?: Store; extraJobs?: JobDefinition[] } = {},
): Promise<Platform> {
  const store = opts.store ?? (await openStore(config));
  const cleanups: (() => Promise<void>)[] = [() => store.close()];
  const undo = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const { applied } = await migrate(store);
    if (applied.length > 0) logger.info({ applied }, "database migrated");
    const bootstrap = await bootstrapAdminKey(store.db, config.auth.bootstrapAdminKey);
    if (bootstrap.outcome === "configured_key_ignored") {
      logger.warn("MOGURA_BOOTSTRAP_ADMIN_KEY is not applied: an administrator already exists");
    }

    const jobs = new JobQueue(store, logger.child({ part: "jobs" }), {
      work: config.jobs.enabled,
      pollingIntervalSeconds: config.jobs.pollSeconds,
    });
    for (const def of [...platformJobs(store.db), ...(opts.extraJobs ?? [])]) jobs.register(def);
    await jobs.start();
    const timeoutMs = config.shutdownTimeoutSeconds * 1000;
    cleanups.push(() => jobs.stop(timeoutMs));

    const built = await buildApp({ store, config, jobs, logger });
    cleanups.push(() => built.app.close());
    let url: string;
    try {
      url = await built.app.listen({ host: config.http.host, port: config.http.port });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const where = `${config.http.host}:${config.http.port}`;
      if (code === "EADDRINUSE")
        throw new StartError(
          `port ${where} is already in use: stop the other program or set MOGURA_HTTP_PORT`,
        );
      if (code === "EACCES")
        throw new StartError(
          `not allowed to listen on ${where}: use a port above 1023 (MOGURA_HTTP_PORT)`,
        );
      if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
        throw new StartError(
          `cannot listen on ${where}: MOGURA_HTTP_HOST is not an address of this machine`,
        );
      throw e;
    }
    let stopping: Promise<void> | null = null;
    return {
      ...built,
      store,
      jobs,
      url,
      bootstrap,
      stop: () => {
        stopping ??= undo();
        return stopping;
      },
    };
  } catch (e) {
    await undo();
    throw e;
  }
}
