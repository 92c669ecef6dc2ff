// Outgoing mail is queued in the database before it is sent: a process killed (SIGKILL)
// between queue and send loses nothing, and the restarted server sends it exactly once.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../src/config/settings.ts";
import { createMailer } from "../src/notify/mailer.ts";
import { deliverMail, dueMail } from "../src/notify/outbox.ts";
import { startPlatform } from "../src/server/platform.ts";
import { createTestDatabase, TEST_PG_URL } from "./support/database.ts";
import { until } from "./support/net.ts";
import { startSmtpSink } from "./support/smtp-sink.ts";

const FIXTURE = join(import.meta.dirname, "fixtures", "queue-mail-and-hang.ts");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe("the outbox across a crash", () => {
  it("sends a mail queued by a process killed before sending, once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mogura-mailcrash-"));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl: string | undefined;
    if (TEST_PG_URL) {
      const db = await createTestDatabase();
      cleanups.push(db.drop);
      databaseUrl = db.url;
    }
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      env: {
        PATH: process.env.PATH ?? "",
        MOGURA_DATA_DIR: dataDir,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((r) => child.once("exit", r));
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
    });
    const queued = await until(() => /queued (\d+)/.exec(out)?.[1], 60_000, "the mail queued");
    child.kill("SIGKILL");
    await exited;

    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const config = ConfigSchema.parse({
      dataDir,
      databaseUrl,
      http: { port: 0 },
      smtp: { port: 0 },
      log: { level: "silent" },
      jobs: { pollSeconds: 0.5 },
      resolve: { dns: false },
      evidence: { capture: false },
      mail: { relay: sink.url },
    });
    const platform = await startPlatform(config, pino({ level: "silent" }));
    cleanups.push(() => platform.stop());
    // The restarted server finds the mail and sends it.
    const got = await until(
      () => sink.mails.find((m) => m.mail.subject === "【重要】crash test notice"),
      30_000,
      "the queued mail delivered",
    );
    expect(got.to).toEqual(["customer@crash.example"]);
    const [row] = await platform.store.query<{ state: string; message_id: string }>(
      "SELECT state, message_id FROM outbox WHERE id = $1",
      [queued],
    );
    expect(row?.state).toBe("sent");
    expect(got.mail.messageId).toBe(row?.message_id);
    // Asked again, nothing goes twice.
    expect(await dueMail(platform.store)).toEqual([]);
    const mailer = createMailer(config);
    expect(await deliverMail(platform.store, mailer, Number(queued))).toEqual({
      outcome: "skipped",
    });
    mailer.close();
    expect(sink.mails.filter((m) => m.mail.subject === "【重要】crash test notice")).toHaveLength(
      1,
    );
  });
});
