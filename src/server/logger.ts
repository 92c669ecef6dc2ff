import pino, { type Logger } from "pino";
import type { Config } from "../config/settings.ts";
import { loggableError } from "../domain/storable.ts";

/** JSON logs on standard output; secrets in headers never reach them. */
export function createLogger(level: Config["log"]["level"]): Logger {
  return pino({
    level,
    base: { service: "mogura" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
  });
}

/**
 * A promise rejected with nobody listening (a library's unawaited write, say) is logged
 * instead of ending the process: a long-running server must not fall over, and keep
 * falling over on each restart, because of one piece of work that failed.
 */
export function logStrayRejections(logger: Logger): void {
  process.on("unhandledRejection", (reason) => {
    logger.error(
      { err: loggableError(reason) },
      "a background task failed with nobody waiting for it; going on",
    );
  });
}
