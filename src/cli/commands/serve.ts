import type { Command } from "commander";
import { createLogger, logStrayRejections } from "../../server/logger.ts";
import { StartError, startPlatform } from "../../server/platform.ts";
import { StoreError } from "../../store/database.ts";
import { configOf } from "../context.ts";
import { CliError } from "../output.ts";

/** `mogura serve`: runs the platform until SIGTERM or SIGINT. */
export function serveCommand(program: Command) {
  program
    .command("serve")
    .description("run the Mogura server (HTTP API and background jobs)")
    .action(async (_opts, cmd: Command) => {
      const config = configOf(cmd);
      const logger = createLogger(config.log.level);
      logStrayRejections(logger);
      // Listen before starting, so a stop requested during start-up still shuts down cleanly.
      const stopRequested = waitForSignal();
      let platform: Awaited<ReturnType<typeof startPlatform>>;
      try {
        platform = await startPlatform(config, logger);
      } catch (e) {
        if (e instanceof StoreError || e instanceof StartError) throw new CliError(e.message);
        throw e;
      }
      const boot = platform.bootstrap;
      if (boot.outcome === "created" && boot.generated) {
        process.stdout.write(
          [
            "",
            "  Mogura is set up. Admin API key (shown only this once; store it now):",
            "",
            `    ${boot.key}`,
            "",
            "  Use it as:  export MOGURA_API_KEY=<key>   or   Authorization: Bearer <key>",
            "",
          ].join("\n"),
        );
      }
      logger.info(
        { url: platform.url, database: platform.store.kind, location: platform.store.location },
        "Mogura is running",
      );
      await stopRequested;
      logger.info("stopping: draining requests and jobs");
      const force = setTimeout(
        () => {
          logger.error("stop took too long; exiting");
          process.exit(1);
        },
        (config.shutdownTimeoutSeconds + 5) * 1000,
      );
      force.unref();
      await platform.stop();
      logger.info("stopped");
    });
}

/** Resolves on the first SIGTERM or SIGINT. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGTERM", on);
      process.off("SIGINT", on);
      resolve(sig);
    };
    process.on("SIGTERM", on);
    process.on("SIGINT", on);
  });
}
