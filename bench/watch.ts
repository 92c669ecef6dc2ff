// npm run bench:watch — how fast the watcher (src/watch) checks what was reported.
// MOGURA_BENCH_WATCH_URLS URLs (default 10,000) on HTTP servers on 127.0.0.1, their host
// names answered by a local DNS server, all in a child process (bench/lib/watch-sites.ts);
// each serves a phishing-like kit page of a few KB with a session token of its own in every
// answer, as kits do (MOGURA_BENCH_WATCH_STATIC=1: the same bytes every time). The watches
// are added with addWatches on cases of a migrated store (PGlite, or PostgreSQL when
// MOGURA_BENCH_DATABASE_URL is set or MOGURA_BENCH_WATCH_STORE=postgres) and checked with
// checkDue through the evidence module's SSRF-safe fetch policy. Printed: checks per second
// at each concurrency beside a bare loop of Node's fetch over the same URLs, the time for
// sites that went down to be called down (two checks in a row), and for a kit on a new
// domain to be linked to the case it was first seen on.
//
// Each pass of the watcher stops at MOGURA_BENCH_WATCH_PASS_SECONDS (default 25), as a
// watch.tick job stops at its time budget, so that a slow watcher keeps the run short; it
// then says how many it reached. Watches the first pass did not reach are brought by SQL to
// what a first check writes (seen up, baseline and fingerprint stored), so that the passes
// after it re-check all of them, as a watcher in service does.
import { fork } from "node:child_process";
import { createHash } from "node:crypto";
import { Resolver } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { mapLimit } from "../src/domain/concurrency.ts";
import { fetchPolicy } from "../src/evidence/safe-fetch.ts";
import { createHostLookup } from "../src/resolve/host-lookup.ts";
import type { Store } from "../src/store/database.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPgliteStore } from "../src/store/pglite-store.ts";
import { openPostgresStore } from "../src/store/postgres-store.ts";
import { simhash } from "../src/watch/fingerprint.ts";
import { addWatches } from "../src/watch/watch-store.ts";
import { checkDue, type WatchDeps } from "../src/watch/watcher.ts";
import { hostOf, kitParts, pathOf, type SitesConfig, STATIC_TOKEN } from "./lib/watch-sites.ts";
import { benchPostgres, timed } from "./support.ts";

const URLS = Number(process.env.MOGURA_BENCH_WATCH_URLS ?? 10_000);
// One host name per URL by default; fewer (MOGURA_BENCH_WATCH_HOSTS) share their hosts' paths.
const HOSTS = Math.min(URLS, Number(process.env.MOGURA_BENCH_WATCH_HOSTS ?? URLS));
const DOWN = Math.min(HOSTS, Number(process.env.MOGURA_BENCH_WATCH_DOWN ?? 100));
const CONCURRENCY = (process.env.MOGURA_BENCH_WATCH_CONCURRENCY ?? "32,128").split(",").map(Number);
const PASS_MS = 1000 * Number(process.env.MOGURA_BENCH_WATCH_PASS_SECONDS ?? 25);
const TOKENS = process.env.MOGURA_BENCH_WATCH_STATIC !== "1";
const PORTS = 4;
// As the watch.tick job takes them (src/watch/watch-jobs.ts).
const BATCH = 500;
const TARGET = 200;
// Long enough that nothing falls due on its own; the passes make watches due by SQL.
const INTERVAL = 3600;

const storeKind =
  process.env.MOGURA_BENCH_WATCH_STORE ??
  (process.env.MOGURA_BENCH_DATABASE_URL ? "postgres" : "pglite");

const n = (v: number) => v.toLocaleString("en-US");
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : n(Math.round(v))} ms`;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const spread = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? "none" : `p50 ${ms(quantile(s, 0.5))}, p99 ${ms(quantile(s, 0.99))}`;
};
const line = (label: string, figure: string, note = "") =>
  console.log(`  ${label.padEnd(44)} ${figure.padStart(17)}  ${note}`);

// ---- the sites, in their own process ----------------------------------------------------

const child = fork(new URL("./lib/watch-sites.ts", import.meta.url), [], {
  execArgv: ["--import", "tsx"],
  env: {
    ...process.env,
    MOGURA_BENCH_SITES: JSON.stringify({
      urls: URLS,
      hosts: HOSTS,
      ports: PORTS,
      tokens: TOKENS,
    } satisfies SitesConfig),
  },
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const waiting = new Map<number, (m: Record<string, unknown>) => void>();
child.on("message", (m: { id: number }) => waiting.get(m.id)?.(m));
let lastId = 0;
function ask<T>(req: Record<string, unknown>): Promise<T> {
  const id = ++lastId;
  return new Promise((resolve) => {
    waiting.set(id, (m) => {
      waiting.delete(id);
      resolve(m as T);
    });
    child.send({ ...req, id });
  });
}
const sites = await new Promise<{ dns: string; ports: number[] }>((resolve, reject) => {
  waiting.set(0, (m) => resolve(m as { dns: string; ports: number[] }));
  child.once("exit", (code) => reject(new Error(`the sites process exited (${code})`)));
});

const urlOf = (i: number) => `http://${hostOf(i, HOSTS)}:${sites.ports[i % PORTS]}${pathOf(i)}`;
const urls = Array.from({ length: URLS }, (_, i) => urlOf(i));

// ---- the store and the watcher ---------------------------------------------------------

const pgdb = storeKind === "postgres" ? await benchPostgres() : null;
if (storeKind === "postgres" && !pgdb) {
  throw new Error("MOGURA_BENCH_WATCH_STORE=postgres, but no PostgreSQL server answered");
}
const baseStore = pgdb ? await openPostgresStore(pgdb.url) : await openPgliteStore(null);
await migrate(baseStore);

// Each check saves what it saw in one transaction: how long those take, waits included.
const saves: number[] = [];
const store: Store = Object.assign(Object.create(baseStore) as Store, {
  transaction<T>(fn: Parameters<Store["transaction"]>[0]): Promise<T> {
    const t0 = performance.now();
    return baseStore
      .transaction(fn as never)
      .finally(() => saves.push(performance.now() - t0)) as Promise<T>;
  },
});

// The evidence engine's resolver and policy (src/evidence/engine.ts), pointed at the local DNS.
const hosts = createHostLookup({
  servers: [sites.dns],
  timeoutMs: 2000,
  tries: 2,
  cacheSeconds: 60,
  negativeCacheSeconds: 30,
});
// A check's first step is resolving its host: when it started, for its latency.
const started = new Map<string, number>();
const policy = fetchPolicy(
  (host) => {
    started.set(host, Date.now());
    return hosts.resolve(host);
  },
  { allowPrivateTargets: true, allowedPorts: sites.ports },
);
const deps = (concurrency: number, intervalSeconds = INTERVAL): WatchDeps => ({
  store,
  fetchPolicy: policy,
  intervalSeconds,
  concurrency,
});

/** Cases of sites not ours, as the router leaves them: the rows the schema needs, by SQL. */
async function addCases(resources: string[]): Promise<number[]> {
  const rows = await baseStore.query<{ id: string }>(
    `INSERT INTO cases (group_key, classification_type, taxonomy, ownership, resource,
                        first_event_at, last_event_at, event_count)
     SELECT 'bench-watch:' || r, 'phishing', 'fraud', 'not_ours', r, now(), now(), 1
       FROM unnest($1::text[]) AS r
     RETURNING id`,
    [resources],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Watch ticks back to back until nothing is due or `until` (performance.now()) has passed.
 * Batches are the job's 500; near the budget's end, as many as the rate so far fits in.
 */
async function drain(d: WatchDeps, until = Number.POSITIVE_INFINITY) {
  const t0 = performance.now();
  let checks = 0;
  let ticks = 0;
  let batch = until === Number.POSITIVE_INFINITY ? BATCH : Math.min(BATCH, d.concurrency);
  for (;;) {
    const got = await checkDue(d, batch);
    checks += got;
    ticks++;
    const now = performance.now();
    if (got < batch || now >= until) return { checks, ticks };
    const perMs = checks / (now - t0);
    batch = Math.max(1, Math.min(BATCH, Math.floor(perMs * (until - now))));
  }
}

const fingerprints = async () =>
  (await baseStore.query<{ n: number }>("SELECT count(*)::int AS n FROM content_fingerprints"))[0]
    ?.n ?? 0;

/** One pass of the watcher over what is due; checks/s, and latencies when hosts are URLs'. */
async function pass(label: string, concurrency: number) {
  const checked = async () =>
    (
      await baseStore.query<{ n: number }>(
        "SELECT coalesce(sum(checks), 0)::int AS n FROM watched_resources",
      )
    )[0]?.n ?? 0;
  const [due] = await baseStore.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM watched_resources WHERE next_check_at <= now()",
  );
  const checksBefore = await checked();
  const fpBefore = await fingerprints();
  saves.length = 0;
  started.clear();
  const since = new Date();
  const t = await timed(() => drain(deps(concurrency), performance.now() + PASS_MS));
  const [left] = await baseStore.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM watched_resources WHERE next_check_at <= now()",
  );
  // Nothing falls due by itself later (what the budget left, a site seen down once).
  await baseStore.query("UPDATE watched_resources SET next_check_at = now() + interval '1 hour'");
  // Every site answers 200 in these passes: any other outcome is the watcher's own doing.
  const outcomes = await baseStore.query<{ o: string; n: number; reason: string }>(
    `SELECT coalesce(last_outcome, 'none') AS o, count(*)::int AS n, min(last_reason) AS reason
       FROM watched_resources WHERE last_checked_at >= $1 GROUP BY 1 ORDER BY 2 DESC`,
    [since],
  );
  // checkDue counts the watches it took; a check whose transaction failed is not saved (the
  // watcher drops the error and the lease brings the watch back after 5 minutes).
  const saved = (await checked()) - checksBefore;
  const lost = t.value.checks - saved;
  const perSecond = saved / t.seconds;
  const complete = (left?.n ?? 0) === 0;
  line(
    label,
    `${n(Math.round(perSecond))} checks/s`,
    `${n(saved)} of ${n(due?.n ?? 0)} checked in ${t.seconds.toFixed(1)} s${complete ? "" : ` (stopped at the ${PASS_MS / 1000}-s budget)`}${lost > 0 ? `; ${n(lost)} more taken but NOT saved (their transaction failed)` : ""}; outcomes: ${outcomes.map((o) => `${o.o} ${n(o.n)}${o.o === "up" ? "" : ` (“${o.reason}”)`}`).join(", ")}; fingerprints stored ${n(fpBefore)} → ${n(await fingerprints())}`,
  );
  if (HOSTS === URLS) {
    const rows = await baseStore.query<{ host: string; t: number }>(
      "SELECT host, (extract(epoch FROM last_checked_at) * 1000)::float8 AS t FROM watched_resources",
    );
    const fetches = rows.flatMap((r) => {
      const s = started.get(r.host);
      return s === undefined || Number(r.t) < s ? [] : [Number(r.t) - s];
    });
    line("", "", `per check: fetch (DNS to page hashed) ${spread(fetches)}; save ${spread(saves)}`);
  }
  return { perSecond, complete, checks: saved };
}

/** Watches not checked yet brought to what their first check writes (seen up once), by SQL. */
async function seenUpOnce(): Promise<number> {
  const rows = await baseStore.query<{ id: string; url: string }>(
    "SELECT id, url FROM watched_resources WHERE state = 'unknown'",
  );
  const index = new Map(urls.map((u, i) => [u, i]));
  for (let k = 0; k < rows.length; k += 2000) {
    const chunk = rows.slice(k, k + 2000);
    const pages = chunk.map((r) => {
      const [head, tail] = kitParts(index.get(r.url) as number);
      const page = `${head}${STATIC_TOKEN}${tail}`;
      return { sha: createHash("sha256").update(page).digest("hex"), sim: simhash(page) };
    });
    const params = [
      chunk.map((r) => r.id),
      pages.map((p) => p.sha),
      pages.map((p) => p.sim),
      chunk.map((r) => new URL(r.url).pathname),
    ];
    await baseStore.transaction(async (tx) => {
      await tx.query(
        `UPDATE watched_resources w
            SET state = 'up', checks = 1, consecutive_down = 0, interval_seconds = ${INTERVAL},
                next_check_at = now() + interval '1 hour', lease_until = NULL,
                first_up_at = now(), last_up_at = now(), last_checked_at = now(),
                last_status = 200, last_outcome = 'up', last_reason = 'HTTP 200',
                last_addresses = '{127.0.0.1}', baseline_sha256 = s.sha,
                baseline_simhash = s.sim, last_sha256 = s.sha
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS s(id, sha, sim)
          WHERE w.id = s.id`,
        params.slice(0, 3),
      );
      await tx.query(
        `INSERT INTO content_fingerprints (case_id, url, host, path, sha256, simhash, addresses)
         SELECT w.case_id, w.url, w.host, s.path, s.sha, s.sim, '{127.0.0.1}'
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS s(id, sha, sim, path)
           JOIN watched_resources w ON w.id = s.id`,
        params,
      );
    });
  }
  return rows.length;
}

// ---- the peer: a bare loop of Node's fetch ------------------------------------------------

// Node's fetch is undici; Node 20 does not export undici's Agent, but its global dispatcher
// is one (made by the first fetch): an Agent of the same class resolves through the local DNS.
await (await fetch(`http://127.0.0.1:${sites.ports[0]}/`)).arrayBuffer();
type Dispatcher = { close(): Promise<void> };
const Agent = (
  (globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")] as {
    constructor: new (opts: { connect: { lookup: LookupFunction } }) => Dispatcher;
  }
).constructor;
const resolver = new Resolver({ timeout: 2000, tries: 2 });
resolver.setServers([sites.dns]);
const lookup: LookupFunction = (host, opts, cb) => {
  resolver.resolve4(host).then(
    (a) =>
      opts.all
        ? (cb as (e: null, a: { address: string; family: number }[]) => void)(
            null,
            a.map((address) => ({ address, family: 4 })),
          )
        : cb(null, a[0] as string, 4),
    (e: NodeJS.ErrnoException) => cb(e, "", 0),
  );
};
const fetchVia = (agent: Dispatcher, url: string) =>
  fetch(url, { dispatcher: agent } as RequestInit);

async function bare(concurrency: number): Promise<number> {
  const agent = new Agent({ connect: { lookup } });
  const times: number[] = [];
  let ok = 0;
  const t = await timed(() =>
    mapLimit(urls, concurrency, async (u) => {
      const t0 = performance.now();
      try {
        const res = await fetchVia(agent, u);
        await res.arrayBuffer();
        if (res.status === 200) ok++;
      } catch {
        // not ok
      }
      times.push(performance.now() - t0);
    }),
  );
  await agent.close();
  const perSecond = URLS / t.seconds;
  line(
    `bare fetch loop, ${concurrency} in flight`,
    `${n(Math.round(perSecond))} fetches/s`,
    `${n(ok)} of ${n(URLS)} answered 200 in ${t.seconds.toFixed(1)} s; per fetch ${spread(times)}`,
  );
  return perSecond;
}

// ---- the run ------------------------------------------------------------------------------

// From the process start: the sites and the store were opened above.
const sample = new Agent({ connect: { lookup } });
const kitSize = (await (await fetchVia(sample, urls[0] as string)).arrayBuffer()).byteLength;
await sample.close();
console.log(
  `watch benchmark: ${n(URLS)} URLs on ${n(HOSTS)} host names${HOSTS === URLS ? " (one each)" : ` (~${Math.ceil(URLS / HOSTS)} paths each)`} resolved by a local DNS server; ${PORTS} HTTP servers on 127.0.0.1 in a child process; kit pages of ${(kitSize / 1024).toFixed(1)} KB, ${TOKENS ? "a new session token in every answer" : "the same bytes every answer"}; store ${storeKind === "postgres" ? "PostgreSQL" : "PGlite (in the watcher's thread)"}; node ${process.version}`,
);

const setup = await timed(async () => {
  const caseIds = await addCases(urls.map((_, i) => `${hostOf(i, HOSTS)}${pathOf(i)}`));
  for (let i = 0; i < URLS; i += 1000) {
    await addWatches(
      baseStore.db,
      urls.slice(i, i + 1000).map((url, k) => ({
        caseId: caseIds[i + k] as number,
        url,
        host: hostOf(i + k, HOSTS),
      })),
      INTERVAL,
    );
  }
  return caseIds;
});
line("setup: cases and watches added", `${setup.seconds.toFixed(1)} s`, `${n(URLS)} of each`);

const c0 = CONCURRENCY[0] as number;
const first = await pass(`first checks (new watches), ${c0} in flight`, c0);
if (!first.complete) {
  const seeded = await timed(seenUpOnce);
  line(
    "the rest made seen-up-once by SQL",
    `${seeded.seconds.toFixed(1)} s`,
    `${n(seeded.value)} watch${seeded.value === 1 ? "" : "es"}: state, baseline and a fingerprint each, as a first check writes`,
  );
}

const steady: { c: number; mogura: number; peer: number; complete: boolean }[] = [];
for (const c of CONCURRENCY) {
  const peer = await bare(c);
  await baseStore.query(
    "UPDATE watched_resources SET next_check_at = now(), lease_until = NULL WHERE stopped_at IS NULL",
  );
  const p = await pass(`re-check of all, ${c} in flight`, c);
  steady.push({ c, mogura: p.perSecond, peer, complete: p.complete });
  line("", "", `Mogura's checks/s ÷ the bare fetch loop's: ${(p.perSecond / peer).toFixed(3)}`);
}
const best = steady.reduce((a, b) => (b.mogura > a.mogura ? b : a));
line(
  "target for re-checks (issue: 10,000 URLs)",
  `${TARGET} checks/s`,
  `${best.mogura >= TARGET ? "met" : "MISSED"}: best ${n(Math.round(best.mogura))} checks/s (${best.c} in flight)${URLS < 10_000 ? `; on ${n(URLS)} URLs, not 10,000` : ""}`,
);

// ---- detection: sites that go down --------------------------------------------------------

const detectDeps = deps(c0, 10);
{
  // Every (HOSTS / DOWN)th host answers 404 from now on.
  const downHosts = Array.from({ length: DOWN }, (_, k) =>
    hostOf(Math.floor((k * HOSTS) / DOWN), HOSTS),
  );
  const [watches] = await baseStore.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM watched_resources WHERE host = ANY($1)",
    [downHosts],
  );
  const total = watches?.n ?? 0;
  const t0 = performance.now();
  await ask({ type: "down", hosts: downHosts });
  let ticks = 0;
  let once: number | null = null;
  for (;;) {
    // Due now: neither the interval nor the re-check of a site seen down once is waited for.
    await baseStore.query(
      "UPDATE watched_resources SET next_check_at = now(), lease_until = NULL WHERE host = ANY($1) AND state <> 'down'",
      [downHosts],
    );
    ticks += (await drain(detectDeps)).ticks;
    const [s] = await baseStore.query<{ seen: number; down: number }>(
      `SELECT count(*) FILTER (WHERE state IN ('down', 'down_unconfirmed'))::int AS seen,
              count(*) FILTER (WHERE state = 'down')::int AS down
         FROM watched_resources WHERE host = ANY($1)`,
      [downHosts],
    );
    once ??= s?.seen === total ? performance.now() - t0 : null;
    if (s?.down === total) break;
    if (performance.now() - t0 > 120_000)
      throw new Error("the sites were not called down in 2 min");
  }
  line(
    `${n(DOWN)} sites go down (${n(total)} watches)`,
    ms(performance.now() - t0),
    `until all are down (two checks); seen down once after ${ms(once ?? 0)}; ${ticks} ticks back to back, only those watches due, ${c0} in flight`,
  );
}

// ---- detection: the same kit on a new domain ----------------------------------------------

{
  // The kit of the first site that went down, now on a new domain, another port and path.
  const like = 0;
  const host = "secure-login.kit-moved.example";
  await ask({ type: "clone", host, like });
  const path = "/wp-includes/auth/index.html";
  const [caseId] = await addCases([`${host}${path}`]);
  const url = `http://${host}:${sites.ports[1 % PORTS]}${path}`;
  const fp = await fingerprints();
  const t0 = performance.now();
  await addWatches(baseStore.db, [{ caseId: caseId as number, url, host }], INTERVAL);
  let checks = 0;
  for (;;) {
    checks += (await drain(detectDeps)).checks;
    const [c] = await baseStore.query<{ reemerged: boolean }>(
      "SELECT reemerged FROM cases WHERE id = $1",
      [caseId],
    );
    if (c?.reemerged) break;
    if (performance.now() - t0 > 60_000) throw new Error("the moved kit was not linked in 1 min");
  }
  const took = performance.now() - t0;
  const [link] = await baseStore.query<{ reason: string; original: string }>(
    `SELECT detail->>'reason' AS reason, detail->>'original_case_id' AS original
       FROM case_timeline WHERE case_id = $1 AND kind = 'reemerged'`,
    [caseId],
  );
  const right = Number(link?.original) === setup.value[like];
  line(
    "a kit on a new domain: case re-emerged",
    ms(took),
    `from its watch added; ${checks} check${checks === 1 ? "" : "s"}; ${link?.reason}, linked to ${right ? "the kit's first case" : `case ${link?.original}, NOT the kit's first case ${setup.value[like]}`}; ${n(fp)} fingerprints compared`,
  );
}

const { served } = await ask<{ served: number }>({ type: "served" });
line(
  "done",
  `${(performance.now() / 1000).toFixed(0)} s`,
  `${n(served)} requests served; 2 cores shared by the watcher, the sites${storeKind === "postgres" ? ", PostgreSQL" : ""} and whatever else runs`,
);

await baseStore.close();
await pgdb?.drop();
child.disconnect();
