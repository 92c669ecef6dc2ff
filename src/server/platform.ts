import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { SMTPServer } from "smtp-server";
import { type BootstrapResult, bootstrapAdminKey } from "../auth/bootstrap.ts";
import type { Config } from "../config/settings.ts";
import type { Intake } from "../intake/intake.ts";
import { createSmtpIntake } from "../intake/smtp-intake.ts";
import { type JobDefinition, JobQueue } from "../jobs/queue.ts";
import { createMailer } from "../notify/mailer.ts";
import { dueMail } from "../notify/outbox.ts";
import type { Store } from "../store/database.ts";
import { migrate } from "../store/migrate.ts";
import { openStore } from "../store/open-store.ts";
import { buildApp, type MoguraApp } from "./app.ts";
import { StartError, startServices } from "./services.ts";

/** A running Mogura: database, jobs, HTTP server and SMTP intake. */
export interface Platform extends MoguraApp {
  store: Store;
  jobs: JobQueue;
  intake: Intake;
  /** Base URL the HTTP server listens on. */
  url: string;
  /** The SMTP intake's port, or null when it is off. */
  smtpPort: number | null;
  /** Whether an admin key was made at this start (its key is shown once). */
  bootstrap: BootstrapResult;
  /** Drains requests and jobs, then closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export { StartError };

function listenError(
  e: unknown,
  host: string,
  port: number,
  hostVar: string,
  portVar: string,
): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === "EADDRINUSE")
    return new StartError(
      `port ${where} is already in use: stop the other program or set ${portVar}`,
    );
  if (code === "EACCES")
    return new StartError(`not allowed to listen on ${where}: use a port above 1023 (${portVar})`);
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    return new StartError(
      `cannot listen on ${where}: ${hostVar} is not an address of this machine`,
    );
  }
  return e;
}

function listenSmtp(server: SMTPServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: unknown) =>
      reject(listenError(e, host, port, "MOGURA_SMTP_HOST", "MOGURA_SMTP_PORT"));
    server.server.once("error", onError);
    server.listen(port, host, () => {
      server.server.off("error", onError);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

/** Opens and migrates the database, starts jobs, HTTP and SMTP, in that order; undoes it all on failure. */
export async function startPlatform(
  config: Config,
  logger: Logger,
  opts: { store?: Store; extraJobs?: JobDefinition[] } = {},
): Promise<Platform> {
  // Where a start's time goes, logged once it listens (the database's first start, the
  // migrations and the job queue's own schema are most of it on a fresh data directory).
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const store = opts.store ?? (await openStore(config));
  phase("open_database_ms");
  const cleanups: (() => Promise<void>)[] = [() => store.close()];
  const undo = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const { applied } = await migrate(store);
    if (applied.length > 0) logger.info({ applied }, "database migrated");
    phase("migrations_ms");
    const bootstrap = await bootstrapAdminKey(store.db, config.auth.bootstrapAdminKey);
    if (bootstrap.outcome === "configured_key_ignored") {
      logger.warn("MOGURA_BOOTSTRAP_ADMIN_KEY is not applied: an administrator already exists");
    }

    const mailer = createMailer(config);
    cleanups.push(async () => mailer.close());
    const jobs = new JobQueue(store, logger.child({ part: "jobs" }), {
      work: config.jobs.enabled,
      pollingIntervalSeconds: config.jobs.pollSeconds,
    });
    const { intake, cases, evidence, ...services } = await startServices(
      store,
      config,
      logger,
      jobs,
      mailer,
    );
    phase("services_ms");
    const defs = [...services.jobs, ...(opts.extraJobs ?? [])];
    for (const def of defs) jobs.register(def);
    await jobs.start();
    phase("job_queue_ms");
    const timeoutMs = config.shutdownTimeoutSeconds * 1000;
    cleanups.push(() => jobs.stop(timeoutMs));
    if (config.jobs.enabled) {
      // Mail a dead process queued but never sent goes now.
      for (const outboxId of await dueMail(store)) await jobs.send("mail.deliver", { outboxId });
      const requeued = await intake.recover(0);
      if (requeued > 0)
        logger.info({ requeued }, "reports left waiting by the last run are queued again");
    }

    const built = await buildApp({
      store,
      config,
      jobs,
      intake,
      cases,
      evidence,
      notify: services.notify,
      contacts: services.contacts,
      takedown: services.takedown,
      logger,
    });
    cleanups.push(() => built.app.close());
    phase("http_app_ms");
    let url: string;
    try {
      url = await built.app.listen({ host: config.http.host, port: config.http.port });
    } catch (e) {
      throw listenError(
        e,
        config.http.host,
        config.http.port,
        "MOGURA_HTTP_HOST",
        "MOGURA_HTTP_PORT",
      );
    }

    let smtpPort: number | null = null;
    if (config.smtp.port !== 0) {
      const smtp = createSmtpIntake(
        config,
        intake,
        logger.child({ part: "smtp" }),
        services.replies,
      );
      smtpPort = await listenSmtp(smtp, config.smtp.host, config.smtp.port);
      // Stop taking mail before anything else closes.
      cleanups.push(() => new Promise<void>((r) => smtp.close(() => r())));
    }
    phase("listen_ms");
    logger.info(
      { ...phases, process_uptime_ms: Math.round(process.uptime() * 1000) },
      "started: where the time went",
    );

    let stopping: Promise<void> | null = null;
    return {
      ...built,
      store,
      jobs,
      intake,
      url,
      smtpPort,
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
