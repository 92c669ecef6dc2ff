// A job process for test/job-crash.test.ts: a job that kills its own process (as a poison
// input that crashes a parser's native code would) beside jobs that do their work.
// Usage: node --import tsx crashing-jobs.ts <pglite dir | postgres URL> <send|resume|after>
import pino from "pino";
import { z } from "zod";
import { defineJob, JobQueue } from "../../src/jobs/queue.ts";
import { migrate } from "../../src/store/migrate.ts";
import { openStore } from "../../src/store/open-store.ts";

const [where = "", step = ""] = process.argv.slice(2);
const store = await openStore(
  where.startsWith("postgres") ? { databaseUrl: where, dataDir: "" } : { dataDir: where },
);
await migrate(store);
const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const q = new JobQueue(store, pino({ level: "info", base: null }), {
  work: true,
  pollingIntervalSeconds: 0.5,
});
let fine: (n: number) => void = () => {};
const ran = new Map<number, Promise<void>>();
const finished = (n: number) => {
  if (!ran.has(n)) ran.set(n, new Promise((r) => (fine = (m) => m === n && r())));
  return ran.get(n);
};
q.register(
  defineJob({
    name: "test.poison",
    payload: z.object({ report: z.string() }),
    retryLimit: 5,
    retryDelaySeconds: 1,
    handler: async () => {
      say({ poison: "running" });
      process.kill(process.pid, "SIGKILL");
      await new Promise(() => {});
    },
    onSetAside: async (data, reason) => void say({ setAside: data, reason }),
  }),
);
q.register(
  defineJob({
    name: "test.fine",
    payload: z.object({ n: z.number() }),
    handler: async ({ n }) => {
      say({ fine: n });
      fine(n);
    },
  }),
);
await q.start();
if (step === "send") {
  const id = await q.send("test.poison", { report: "r-1" });
  say({ poisonJob: id });
  await new Promise(() => {}); // the poison ends this process
}
const n = step === "after" ? 3 : 2;
const done = finished(n);
await q.send("test.fine", { n });
await done;
// A while longer: the poison, if it were run again, would kill the process now.
await new Promise((r) => setTimeout(r, 3000));
await q.stop(2000);
await store.close();
say({ exit: "clean" });
