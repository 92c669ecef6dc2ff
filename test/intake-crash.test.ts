// A server killed (SIGKILL) while it processes what it accepted loses nothing and doubles
// nothing after a restart: real processes, a real kill.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_PG_URL } from "./support/database.ts";
import { freePort, until } from "./support/net.ts";

const BIN = join(import.meta.dirname, "..", "bin", "mogura.js");
const KEY = "crash-test-admin-key-0123456789abcdef";
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function database(): Promise<Record<string, string>> {
  if (TEST_PG_URL) {
    const { url, drop } = await createTestDatabase();
    cleanups.push(drop);
    return { DATABASE_URL: url };
  }
  const dir = mkdtempSync(join(tmpdir(), "mogura-crash-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return { MOGURA_DATA_DIR: join(dir, "data") };
}

async function serve(env: Record<string, string>) {
  const http = await freePort();
  const smtp = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve"], {
    env: {
      PATH: process.env.PATH ?? "",
      MOGURA_LOG_LEVEL: "warn",
      MOGURA_BOOTSTRAP_ADMIN_KEY: KEY,
      MOGURA_HTTP_PORT: String(http),
      MOGURA_SMTP_PORT: String(smtp),
      MOGURA_JOBS_POLL_SECONDS: "0.5",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((r) => child.once("exit", r));
  cleanups.push(async () => {
    child.kill("SIGKILL");
    await exited;
  });
  const url = `http://127.0.0.1:${http}`;
  await until(
    async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok,
    45_000,
    "server up",
  );
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${KEY}`, ...init.headers },
    });
    return { status: res.status, body: await res.json() };
  };
  const kill = async () => {
    child.kill("SIGKILL");
    await exited;
  };
  return { url, smtp, api, kill };
}

function scanCsv(rows: number): string {
  const lines = ['"timestamp","ip","port","hostname","tag","asn","geo"'];
  for (let i = 0; i < rows; i++) {
    // 198.18.0.0/15: the benchmarking range, room for 131,072 distinct addresses.
    lines.push(
      `"2026-11-28 00:00:00",198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255},3389,,rdp,64500,JP`,
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("killed while processing", () => {
  it("finishes a large CSV and a mail after a restart, exactly once", async () => {
    const db = await database();
    const ROWS = 40_000;
    const first = await serve(db);
    const submitted = await first.api(
      "/api/v1/reports?filename=2026-11-28-scan_rdp-asn-jp-geo.csv",
      {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: scanCsv(ROWS),
      },
    );
    expect(submitted.status).toBe(202);
    const mail = await nodemailer
      .createTransport({ host: "127.0.0.1", port: first.smtp, secure: false, ignoreTLS: true })
      .sendMail({
        envelope: { from: "noc@cert.example", to: ["abuse@hoster.example"] },
        raw: "From: noc@cert.example\r\nTo: abuse@hoster.example\r\nSubject: spam\r\nMessage-ID: <crash-1@cert.example>\r\n\r\nspam sent from 192.0.2.99\r\n",
      });
    const tracking = /Queued as (\S+)/.exec(mail.response)?.[1];
    expect(tracking).toBeDefined();
    await first.kill();

    const second = await serve(db);
    const report = await until(
      async () => {
        const r = await second.api(`/api/v1/reports/${submitted.body.id}`);
        return r.body.status !== "queued" ? r.body : undefined;
      },
      120_000,
      "the CSV processed after the restart",
    );
    expect(report).toMatchObject({ status: "processed", event_count: ROWS, duplicate_count: 0 });
    const mailReport = await until(
      async () => {
        const r = await second.api(`/api/v1/reports?tracking_number=${tracking}`);
        const item = r.body.items[0];
        return item && item.status !== "queued" ? item : undefined;
      },
      60_000,
      "the mail processed after the restart",
    );
    expect(mailReport).toMatchObject({ status: "processed", event_count: 1, channel: "smtp" });
    const all = await second.api("/api/v1/reports?limit=100");
    expect(all.body.items).toHaveLength(2); // nothing doubled
  });
});
