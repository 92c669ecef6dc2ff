// `mogura serve` and `mogura worker` as processes on a PostgreSQL server (the PostgreSQL run only),
// and `mogura worker` refusing the embedded database.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_PG_URL } from "./support/database.ts";
import { freePort, until } from "./support/net.ts";

const BIN = join(import.meta.dirname, "..", "bin", "mogura.js");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", MOGURA_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  cleanups.push(async () => {
    child.kill("SIGKILL");
    await exited;
  });
  return { child, exited, output: () => out };
}

describe.skipIf(!TEST_PG_URL)("processes on PostgreSQL", () => {
  it("serve runs on DATABASE_URL beside a worker, and both stop cleanly on SIGTERM", async () => {
    const { url: plain, drop } = await createTestDatabase();
    cleanups.push(drop);
    // The test server trusts local connections, so the password is only there to be hidden.
    const url = plain.replace("postgres://postgres@", "postgres://postgres:hunter2@");
    const port = await freePort();
    const key = "k".repeat(48);
    const server = start(["serve"], {
      DATABASE_URL: url,
      MOGURA_HTTP_PORT: String(port),
      MOGURA_BOOTSTRAP_ADMIN_KEY: key,
      MOGURA_JOBS_ENABLED: "false",
    });
    const base = `http://127.0.0.1:${port}`;
    await until(
      async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok,
      30_000,
      "readyz",
    );
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      status: "ready",
      database: "postgres",
    });
    const who = await fetch(`${base}/api/v1/auth/session`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await who.json()).toMatchObject({ role: "admin" });

    const worker = start(["worker"], { DATABASE_URL: url });
    await until(() => worker.output().includes("worker is running"), 30_000, "worker start");

    worker.child.kill("SIGTERM");
    server.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    expect(server.output()).toContain("postgres://postgres:***@"); // where it runs, without the password
    expect(server.output()).not.toContain("hunter2");
  });
});

describe("worker on the embedded database", () => {
  it("is refused with a reason", async () => {
    const w = start(["worker"], { MOGURA_DATA_DIR: "/tmp/mogura-worker-refused" });
    expect(await w.exited).toBe(2);
    expect(w.output()).toContain("mogura worker needs DATABASE_URL");
  });
});
