import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./net.ts";

/** One mail the sink received: the envelope, the raw bytes and the parsed message. */
export interface SunkMail {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

/** A real SMTP server on 127.0.0.1 that keeps every mail it is given (a relay for tests). */
export interface SmtpSink {
  port: number;
  url: string;
  mails: SunkMail[];
  close(): Promise<void>;
}

/** Starts a sink; `url` is what MOGURA_MAIL_RELAY takes. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((mail) => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: raw.toString("utf8"),
            mail,
          });
          done();
        }, done);
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
