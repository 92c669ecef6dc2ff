// npm run bench:desk — the desk at size: the demo provider and a day of BENCH_DESK_EVENTS
// events (default 100,000) played in through SMTP and the API, then how fast the queue,
// the search and the statistics answer over the cases that day made. On the local
// PostgreSQL server when one answers (BENCH_DESK_STORE=pglite for the embedded database).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { ConfigSchema } from "../src/config/settings.ts";
import { startDemo } from "../src/demo/run-demo.ts";
import { openPostgresStore } from "../src/store/postgres-store.ts";
import { benchPostgres, timed } from "./support.ts";

const EVENTS = Number(process.env.BENCH_DESK_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_DESK_ROUNDS ?? 100);
const IN_FLIGHT = 8;

const pg = process.env.BENCH_DESK_STORE === "pglite" ? null : await benchPostgres();
const store = pg ? await openPostgresStore(pg.url) : undefined;
const dataDir = mkdtempSync(join(tmpdir(), "mogura-bench-desk-"));
const config = ConfigSchema.parse({
  http: { port: 0 },
  smtp: { port: 0 },
  log: { level: "silent" },
  jobs: { pollSeconds: 0.5 },
});

console.log(
  `desk: a day of ${EVENTS.toLocaleString("en-US")} events on ${pg ? "PostgreSQL" : "PGlite"} …`,
);
const { value: demo, seconds: readySeconds } = await timed(() =>
  startDemo(config, pino({ level: "silent" }), {
    seed: 1,
    events: EVENTS,
    dataDir,
    ...(store ? { store } : {}),
  }),
);
console.log(
  `  ready in ${readySeconds.toFixed(0)} s: ${demo.counts.reports} inputs, ${demo.counts.cases.toLocaleString("en-US")} cases`,
);

const get = async (path: string) => {
  const res = await fetch(`${demo.platform.url}${path}`, {
    headers: { authorization: `Bearer ${demo.adminKey}` },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ next_cursor?: string | null }>;
};

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Milliseconds per request, one at a time: the analyst's wait. */
async function latency(label: string, path: string | (() => Promise<string>)) {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const p = typeof path === "string" ? path : await path();
    times.push((await timed(() => get(p))).seconds * 1000);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(34)} p50 ${quantile(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${quantile(times, 0.95).toFixed(1).padStart(6)} ms`,
  );
}

const first = await get("/api/v1/cases?limit=50");
const secondPage = `/api/v1/cases?limit=50&cursor=${encodeURIComponent(first.next_cursor ?? "")}`;
console.log(`  one request at a time (${ROUNDS} each):`);
await latency("queue, first page", "/api/v1/cases?limit=50");
await latency("queue, next page", secondPage);
await latency("queue, type=phishing", "/api/v1/cases?limit=50&type=phishing");
await latency("queue, breach=any", "/api/v1/cases?limit=50&breach=any");
await latency("queue, search an IP (q)", "/api/v1/cases?limit=50&q=198.51.100.7");
await latency("queue, search text (q)", "/api/v1/cases?limit=50&q=tsubasa");
await latency("one case", `/api/v1/cases/${demo.tourCaseId}`);
await latency("statistics: cases", "/api/v1/stats/cases");

// Throughput with several analysts at once.
const { seconds } = await timed(async () => {
  let left = ROUNDS * IN_FLIGHT;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (left-- > 0) await get("/api/v1/cases?limit=50");
    }),
  );
});
console.log(
  `  queue first page, ${IN_FLIGHT} in flight: ${Math.round((ROUNDS * IN_FLIGHT) / seconds)} pages/s`,
);

await demo.stop();
await pg?.drop();
rmSync(dataDir, { recursive: true, force: true });
