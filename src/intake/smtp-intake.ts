import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import type { Config } from "../config/settings.ts";
import type { Intake } from "./intake.ts";

/** Answers a mail to a notice's reply address; null when the token is not a live one. */
export type ReplyHandler = (
  token: string,
  raw: Buffer,
  envelopeFrom: string,
) => Promise<{ caseIds: number[] } | null>;

/** Whether an address is one the intake accepts mail for (`abuse+tag@…` as `abuse@…`). */
export function acceptsRecipient(address: string, recipients: string[]): boolean {
  if (recipients.length === 0) return true;
  const a = address.toLowerCase().replace(/^([^+@]+)\+[^@]*@/, "$1@");
  return recipients.some((r) => (r.startsWith("@") ? a.endsWith(r) : a === r));
}

/**
 * The SMTP intake: accepts abuse mail for the configured addresses, stores each message
 * byte for byte before it is parsed, and answers with the tracking number in the 250 reply.
 */
export function createSmtpIntake(
  config: Config,
  intake: Intake,
  log: Logger,
  replies?: ReplyHandler,
): SMTPServer {
  const tls = config.smtp.tlsCert && config.smtp.tlsKey;
  const options: SMTPServerOptions = {
    name: "mogura",
    banner: "Mogura abuse intake",
    size: config.smtp.maxMessageBytes,
    maxClients: 100,
    authOptional: true,
    disabledCommands: tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(tls
      ? {
          key: readFileSync(config.smtp.tlsKey as string),
          cert: readFileSync(config.smtp.tlsCert as string),
        }
      : {}),
    logger: false,
    onRcptTo(address, _session, callback) {
      if (acceptsRecipient(address.address, config.smtp.recipients)) return callback();
      const err = new Error(`No abuse mailbox here for ${address.address}`) as Error & {
        responseCode: number;
      };
      err.responseCode = 550;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      // Past the size limit smtp-server still passes the data on: stop keeping it.
      stream.on("data", (c: Buffer) => {
        if (!(stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) chunks.push(c);
      });
      stream.on("error", (e) => callback(e));
      stream.on("end", () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const err = new Error(
            `Message exceeds the limit of ${config.smtp.maxMessageBytes} bytes`,
          ) as Error & {
            responseCode: number;
          };
          err.responseCode = 552;
          return callback(err);
        }
        const bytes = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const token = session.envelope.rcptTo
          .map((r) => /^[^+@]+\+([a-z2-7]{32})@/i.exec(r.address)?.[1]?.toLowerCase())
          .find(Boolean);
        const reply = token && replies ? replies(token, bytes, from) : Promise.resolve(null);
        reply
          .then((answered) => {
            if (answered) {
              callback(null, `Reply received for case ${answered.caseIds.join(", ")}`);
              return null;
            }
            return intake.submit(
              {
                channel: "smtp",
                bytes,
                contentType: "message/rfc822",
                sender: from || "<>",
                owner: "smtp",
                meta: {
                  envelope_from: from || "<>",
                  envelope_to: session.envelope.rcptTo.map((r) => r.address),
                  remote_address: session.remoteAddress,
                  helo: session.hostNameAppearsAs,
                },
              },
              { acknowledgeTo: from },
            );
          })
          .then(
            (a) => {
              if (a)
                callback(
                  null,
                  `Queued as ${a.report.tracking_number}${a.duplicate ? " (already received)" : ""}`,
                );
            },
            (e) => {
              log.error({ err: e }, "could not store incoming mail");
              const err = new Error(
                "Temporary failure storing the message, try again later",
              ) as Error & {
                responseCode: number;
              };
              err.responseCode = 451;
              callback(err);
            },
          );
      });
    },
  };
  const server = new SMTPServer(options);
  server.on("error", (err) => log.error({ err }, "smtp error"));
  return server;
}
