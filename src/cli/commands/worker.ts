import type { Command } from "commander";
import { JobQueue } from "../../jobs/queue.ts";
import { createMailer } from "../../notify/mailer.ts";
import { createLogger, logStrayRejections } from "../../server/logger.ts";
import { type Services, StartError, startServices } from "../../server/services.ts";
import { migrate } from "../../store/migrate.ts";
import { configOf, openStoreFor } from "../context.ts";
import { CliError } from "../output.ts";
import { waitForSignal } from "./serve.ts";

/** `mogura worker`: runs background jobs only, beside servers on the same PostgreSQL. */
export function workerCommand(program: Command) {
  program
    .command("worker")
    .description(
      "run background jobs without the HTTP server (PostgreSQL only; start as many as you like)",
    )
    .action(async (_opts, cmd: Command) => {
      const config = configOf(cmd);
      if (!config.databaseUrl) {
        throw new CliError(
          "mogura worker needs DATABASE_URL: the embedded database belongs to the one server process, which runs the jobs itself",
          2,
        );
      }
      const logger = createLogger(config.log.level);
      logStrayRejections(logger);
      const store = await openStoreFor(config);
      try {
        await migrate(store);
        const jobs = new JobQueue(store, logger, {
          work: true,
          pollingIntervalSeconds: config.jobs.pollSeconds,
        });
        const mailer = createMailer(config);
        let services: Services;
        try {
          services = await startServices(store, config, logger, jobs, mailer);
        } catch (e) {
          if (e instanceof StartError) throw new CliError(e.message);
          throw e;
        }
        for (const def of services.jobs) jobs.register(def);
        await jobs.start();
        logger.info({ database: store.location }, "worker is running");
        await waitForSignal();
        await jobs.stop(config.shutdownTimeoutSeconds * 1000);
        mailer.close();
      } finally {
        await store.close();
      }
    });
}
