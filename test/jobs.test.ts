import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, JobQueue } from "../src/jobs/queue.ts";
import type { Store } from "../src/store/database.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPgliteStore } from "../src/store/pglite-store.ts";
import { openPostgresStore } from "../src/store/postgres-store.ts";
import { backend, createTestDatabase, TEST_PG_URL } from "./support/database.ts";
import { until } from "./support/net.ts";
import { startTestPlatform } from "./support/platform.ts";

const log = pino({ level: "silent" });
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Opens the same database twice in a row (a restart), on the suite's backend. */
async function restartableDatabase(): Promise<() => Promise<Store>> {
  if (TEST_PG_URL) {
    const { url, drop } = await createTestDatabase();
    cleanups.push(drop);
    return () => openPostgresStore(url, { max: 4 });
  }
  const dir = mkdtempSync(join(tmpdir(), "mogura-jobs-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return () => openPgliteStore(dir);
}

describe(`background jobs (${backend})`, () => {
  it("run a job queued before a restart after the restart", async () => {
    const open = await restartableDatabase();
    const ran: number[] = [];
    const def = (work: boolean) =>
      defineJob({
        name: "test.remember",
        payload: z.object({ n: z.number() }),
        handler: async (d) => {
          if (!work) throw new Error("the first process must not run it");
          ran.push(d.n);
        },
      });

    const first = await open();
    await migrate(first);
    const q1 = new JobQueue(first, log, { work: false }).register(def(false));
    await q1.start();
    const id = await q1.send("test.remember", { n: 42 });
    await q1.stop(1000);
    await first.close();

    const second = await open();
    cleanups.push(() => second.close());
    const q2 = new JobQueue(second, log, { work: true, pollingIntervalSeconds: 0.5 }).register(
      def(true),
    );
    await q2.start();
    cleanups.push(() => q2.stop(1000));
    await until(async () => ran.length > 0);
    expect(ran).toEqual([42]);
    expect(
      await until(async () => (await q2.get("test.remember", id))?.state === "completed" && true),
    ).toBe(true);
  });

  it("retry a failing job with growing delays, then show it as failed to an admin", async () => {
    const attempts: number[] = [];
    const p = await startTestPlatform({}, [
      defineJob({
        name: "test.always-fails",
        payload: z.object({}),
        retryLimit: 2,
        retryDelaySeconds: 1,
        handler: async () => {
          attempts.push(Date.now());
          throw new Error("remote host said no");
        },
      }),
    ]);
    cleanups.push(() => p.stop());
    const id = await p.jobs.send("test.always-fails", {});
    const failed = await until(async () => {
      const j = await p.jobs.get("test.always-fails", id);
      return j?.state === "failed" ? j : undefined;
    }, 30_000);
    expect(failed.retry_count).toBe(2);
    expect(attempts).toHaveLength(3);
    const [a, b, c] = attempts as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(900);
    expect(c - b).toBeGreaterThan(b - a); // exponential backoff
    const listed = await p.api("GET", "/api/v1/jobs/failed");
    expect(listed.status).toBe(200);
    const item = listed.body.items.find((j: { id: string }) => j.id === id);
    expect(item).toMatchObject({ name: "test.always-fails", state: "failed", retry_count: 2 });
    expect(JSON.stringify(item.output)).toContain("remote host said no");
  });

  it("record a failure whose error quotes a NUL byte, and stay up", async () => {
    const p = await startTestPlatform({}, [
      defineJob({
        name: "test.fails-on-nul",
        payload: z.object({}),
        retryLimit: 0,
        handler: async () => {
          // as a database error quoting the sender's bytes looks
          throw Object.assign(new Error('invalid input: "{\u0000}"'), {
            code: "22021",
            params: ["\u0000", { deep: "\uD800" }],
          });
        },
      }),
    ]);
    cleanups.push(() => p.stop());
    const id = await p.jobs.send("test.fails-on-nul", {});
    const failed = await until(async () => {
      const j = await p.jobs.get("test.fails-on-nul", id);
      return j?.state === "failed" ? j : undefined;
    }, 30_000);
    expect(failed.output).toEqual({
      message: 'invalid input: "{\uFFFD}"',
      name: "Error",
      code: "22021",
    });
    expect((await p.api("GET", "/healthz", { key: null })).status).toBe(200);
  });

  it("refuse to queue a payload its schema rejects", async () => {
    const store = await (await restartableDatabase())();
    cleanups.push(() => store.close());
    await migrate(store);
    let calls = 0;
    const q = new JobQueue(store, log, { work: true, pollingIntervalSeconds: 0.5 }).register(
      defineJob({
        name: "test.strict",
        payload: z.object({ n: z.number() }),
        handler: async () => void calls++,
      }),
    );
    await q.start();
    cleanups.push(() => q.stop(1000));
    await expect(q.send("test.strict", { n: "seven" })).rejects.toThrow();
    expect(calls).toBe(0);
  });
});

describe.skipIf(!TEST_PG_URL)("several worker processes on one PostgreSQL", () => {
  it("never run the same job twice", async () => {
    const { url, drop } = await createTestDatabase();
    cleanups.push(drop);
    const store = await openPostgresStore(url, { max: 2 });
    cleanups.push(() => store.close());
    await migrate(store);
    await store.exec(
      "CREATE TABLE probe_runs (job_id text NOT NULL, n int NOT NULL, pid int NOT NULL)",
    );

    const workers = [0, 1].map(() =>
      spawn(
        process.execPath,
        ["--import", "tsx", join(import.meta.dirname, "fixtures/probe-worker.ts")],
        {
          env: { ...process.env, PROBE_DATABASE_URL: url },
          stdio: ["ignore", "pipe", "inherit"],
        },
      ),
    );
    const exited = workers.map((w) => new Promise((r) => w.once("exit", r)));
    cleanups.push(async () => {
      for (const w of workers) w.kill("SIGTERM");
      const late = setTimeout(() => {
        for (const w of workers) w.kill("SIGKILL");
      }, 10_000);
      await Promise.all(exited);
      clearTimeout(late);
    });
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((ready, fail) => {
            w.stdout?.on("data", (d) => String(d).includes("ready") && ready());
            w.once("exit", (code) =>
              fail(new Error(`a worker exited with ${code} before it was ready`)),
            );
          }),
      ),
    );

    const producer = new JobQueue(store, log, { work: false }).register(
      defineJob({
        name: "test.probe",
        payload: z.object({ n: z.number() }),
        handler: async () => {},
      }),
    );
    await producer.start();
    cleanups.push(() => producer.stop(1000));
    const N = 300;
    for (let n = 0; n < N; n++) await producer.send("test.probe", { n });

    const runs = await until(async () => {
      const [r] = await store.query<{ total: string; distinct_jobs: string; pids: string }>(
        "SELECT count(*) AS total, count(DISTINCT job_id) AS distinct_jobs, count(DISTINCT pid) AS pids FROM probe_runs",
      );
      return Number(r?.distinct_jobs) === N ? r : undefined;
    }, 60_000);
    expect(Number(runs.total)).toBe(N); // no job ran twice
    expect(Number(runs.pids)).toBe(2); // and both processes did work
  });
});
