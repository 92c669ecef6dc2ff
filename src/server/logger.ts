import pino, { type Logger } from "pino";
import type { Config } from "../config/settings.ts";

/** JSON logs on standard output; secrets in headers never reach them. */
export function createLogger(level: Config["log"]["level"]): Logger {
  return pino({
    level,
    base: { service: "mogura" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'],
  });
}
