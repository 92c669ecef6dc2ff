// npm run bench:load — a busy day against a running server: reports posted at a steady rate
// while analysts page through the queue, on the embedded database and on PostgreSQL.
// Prints requests per second, p50/p99 latency of each, and the server's event-loop lag
// (p99 and worst) over the run, read from its own /metrics. Everything is on 127.0.0.1.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { benchPostgres } from "./support.ts";

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const REPORTS_PER_SECOND = Number(process.env.BENCH_LOAD_REPORTS ?? 40);
const QUEUE_PER_SECOND = Number(process.env.BENCH_LOAD_QUEUE ?? 10);
const KEY = "bench-load-admin-key-0123456789abcdef0123";
const BIN = join(import.meta.dirname, "..", "bin", "mogura.js");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `mogura serve` in its own process, as a desk runs it. */
async function serve(
  env: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const http = await freePort();
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve"], {
    env: {
      PATH: process.env.PATH ?? "",
      MOGURA_LOG_LEVEL: "error",
      MOGURA_BOOTSTRAP_ADMIN_KEY: KEY,
      MOGURA_HTTP_PORT: String(http),
      MOGURA_SMTP_PORT: String(await freePort()),
      MOGURA_INTAKE_RATE_LIMIT: "1000000",
      MOGURA_RESOLVE_DNS: "false",
      MOGURA_EVIDENCE_CAPTURE: "false",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((r) => child.once("exit", r));
  const url = `http://127.0.0.1:${http}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.ok) break;
    if (Date.now() > deadline) throw new Error("the server did not start within 120 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The server's event-loop lag since the last scrape (prom-client resets it on each). */
async function eventLoopLag(url: string): Promise<{ p99: number; max: number }> {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })
  ).text();
  const read = (name: string) =>
    Number(new RegExp(`^${name} ([0-9.e+-]+)`, "m").exec(text)?.[1] ?? NaN);
  return {
    p99: read("mogura_nodejs_eventloop_lag_p99_seconds") * 1000,
    max: read("mogura_nodejs_eventloop_lag_max_seconds") * 1000,
  };
}

let n = 0;
/** A report about another address each time, so each one is new work for the desk. */
function reportBody(): string {
  n++;
  return JSON.stringify({
    category: n % 3 === 0 ? "phishing" : "scanner",
    resource:
      n % 3 === 0
        ? { url: `http://bank-login-${n % 500}.example/verify` }
        : { ip: `198.51.100.${n % 250}`, port: 22 },
    observed_at: new Date().toISOString(),
    reporter: { name: "Load CERT", email: "cert@load.example", type: "csirt" },
  });
}

async function run(label: string, env: Record<string, string>) {
  const server = await serve(env);
  try {
    await eventLoopLag(server.url); // start the lag window now
    const auth = { authorization: `Bearer ${KEY}` };
    const [intake, queue] = await Promise.all([
      autocannon({
        url: `${server.url}/api/v1/reports`,
        duration: SECONDS,
        connections: 8,
        overallRate: REPORTS_PER_SECOND,
        requests: [
          {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: reportBody() }),
          },
        ],
      }),
      autocannon({
        url: `${server.url}/api/v1/cases?limit=50`,
        duration: SECONDS,
        connections: 2,
        overallRate: QUEUE_PER_SECOND,
        headers: auth,
      }),
    ]);
    const lag = await eventLoopLag(server.url);
    const line = (what: string, r: autocannon.Result) =>
      `  ${label.padEnd(10)} ${what.padEnd(14)} ${r.requests.average.toFixed(1).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(6)} ms  ${r.non2xx} not 2xx, ${r.errors} errors`;
    console.log(line("reports", intake));
    console.log(line("queue pages", queue));
    console.log(
      `  ${label.padEnd(10)} event loop     p99 ${lag.p99.toFixed(1)} ms, worst ${lag.max.toFixed(1)} ms (targets: p99 < 100 ms, API p99 < 1000 ms)`,
    );
  } finally {
    await server.stop();
  }
}

console.log(
  `load benchmark: ${REPORTS_PER_SECOND} reports/s and ${QUEUE_PER_SECOND} queue pages/s for ${SECONDS} s against \`mogura serve\`; node ${process.version}`,
);
const dir = mkdtempSync(join(tmpdir(), "mogura-bench-load-"));
try {
  await run("PGlite", { MOGURA_DATA_DIR: join(dir, "data") });
  const pg = await benchPostgres();
  if (!pg) console.log("  PostgreSQL     no server answered (set MOGURA_BENCH_DATABASE_URL)");
  else {
    try {
      await run("PostgreSQL", { DATABASE_URL: pg.url, MOGURA_DATA_DIR: join(dir, "data-pg") });
    } finally {
      await pg.drop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
