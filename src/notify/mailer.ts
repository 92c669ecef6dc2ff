import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../config/settings.ts";

export interface OutgoingMail {
  to: string | string[];
  cc?: string[];
  replyTo?: string;
  /** Fixed in advance (outbox mail): a resend after a crash carries the same id. */
  messageId?: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: string; encoding?: "base64" }[];
  inReplyTo?: string;
  references?: string;
}

export interface Mailer {
  /** Sends one mail; returns its Message-ID and where it went (relay or outbox file). */
  send(mail: OutgoingMail): Promise<{ messageId: string; delivered: string }>;
  close(): void;
}

/**
 * Mail out through the configured relay; without one (development), each mail is written
 * as an .eml file to `<dataDir>/outbox`, where a person or a test can read it.
 */
export function createMailer(config: Pick<Config, "mail" | "dataDir">): Mailer {
  if (config.mail.relay) {
    const transport = nodemailer.createTransport(config.mail.relay);
    return {
      async send(mail) {
        const info = await transport.sendMail({ from: config.mail.from, ...mail });
        return {
          messageId: info.messageId,
          delivered: `relay ${new URL(config.mail.relay as string).host}`,
        };
      },
      close: () => transport.close(),
    };
  }
  const outbox = resolve(config.dataDir, "outbox");
  const transport = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.mail.from, ...mail });
      mkdirSync(outbox, { recursive: true });
      const id = info.messageId.replace(/[<>]/g, "").replace(/[^\w.@-]/g, "_");
      const file = join(outbox, `${new Date().toISOString().replace(/[:.]/g, "-")}-${id}.eml`);
      writeFileSync(file, info.message as Buffer);
      return { messageId: info.messageId, delivered: file };
    },
    close: () => transport.close(),
  };
}
