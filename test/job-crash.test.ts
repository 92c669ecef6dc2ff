// A job whose payload kills its process (a poison input) is retried once after the restart,
// and after the second crash it is set aside: the next start names it and goes on.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../src/store/open-store.ts";
import { backend, createTestDatabase, TEST_PG_URL } from "./support/database.ts";

const SCRIPT = join(import.meta.dirname, "support", "crashing-jobs.ts");
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function run(where: string, step: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, where, step], {
    encoding: "utf8",
    timeout: 120_000,
  });
  const lines = r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { signal: r.signal, status: r.status, lines, stderr: r.stderr };
}

describe(`a job that takes its process down (${backend})`, () => {
  it("is set aside after the second crash, and the process goes on", async () => {
    let where: string;
    if (TEST_PG_URL) {
      const db = await createTestDatabase();
      cleanups.push(db.drop);
      where = db.url;
    } else {
      const dir = mkdtempSync(join(tmpdir(), "mogura-jobcrash-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      where = dir;
    }
    const first = run(where, "send");
    expect(first.signal).toBe("SIGKILL");
    const jobId = first.lines.find((l) => l.poisonJob)?.poisonJob;
    expect(jobId).toBeTruthy();

    // The next start retries it at once (not when the job would expire): second crash.
    const second = run(where, "resume");
    expect(second.signal).toBe("SIGKILL");
    expect(second.lines.some((l) => l.poison === "running")).toBe(true);
    expect(second.lines.some((l) => String(l.msg).includes("it is retried"))).toBe(true);

    // The third start names the job, hands it to its kind, fails it for good, and works on.
    const third = run(where, "after");
    expect(third.stderr).toBe("");
    expect(third.status).toBe(0);
    const named = third.lines.find((l) => String(l.msg).includes("took the process down 2 times"));
    expect(named).toMatchObject({ queue: "test.poison", job: jobId, crashes: 2 });
    expect(third.lines.find((l) => l.setAside)).toMatchObject({
      setAside: { report: "r-1" },
      reason: expect.stringContaining(`job ${jobId}`),
    });
    expect(third.lines.some((l) => l.poison === "running")).toBe(false);
    expect(third.lines.some((l) => l.fine === 3)).toBe(true);
    expect(third.lines.at(-1)).toEqual({ exit: "clean" });

    const store = await openStore(
      TEST_PG_URL ? { databaseUrl: where, dataDir: "" } : { dataDir: where },
    );
    try {
      const [job] = await store.query<{ state: string; output: { message: string } }>(
        "SELECT state, output FROM pgboss.job WHERE id = $1",
        [jobId],
      );
      expect(job?.state).toBe("failed");
      expect(job?.output.message).toMatch(/set aside/);
    } finally {
      await store.close();
    }
  }, 240_000);
});
