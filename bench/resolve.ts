// npm run bench:resolve — how fast an address becomes the netblock that held it at a time.
// The in-memory IpIndex from address strings (the realistic path), against the query the
// product would otherwise run on PostgreSQL (GiST on cidr inet_ops), on the same inventory.
import { DomainIndex } from "../src/resolve/domain-index.ts";
import { IpIndex } from "../src/resolve/ip-index.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPostgresStore } from "../src/store/postgres-store.ts";
import { benchPostgres, rate, seeded, timed } from "./support.ts";

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 100_000);
const V4_LOOKUPS = Number(process.env.BENCH_V4_LOOKUPS ?? 2_000_000);
const V6_LOOKUPS = Number(process.env.BENCH_V6_LOOKUPS ?? 1_000_000);
const PG_V4_LOOKUPS = Number(process.env.BENCH_PG_V4_LOOKUPS ?? 20_000);
const PG_V6_LOOKUPS = Number(process.env.BENCH_PG_V6_LOOKUPS ?? 10_000);
const PG_IN_FLIGHT = 8;
const PG_CHECKED = 1_000;
const V4_TARGET = 2_000_000;
const V6_TARGET = 500_000;

const random = seeded(20261130);
const int = (n: number) => Math.floor(random() * n);
const u32 = () => (random() * 4294967296) >>> 0;

const NOW = Date.UTC(2026, 10, 29);
const EPOCH = Date.UTC(2018, 0, 1);
const DAY = 86_400_000;

interface Netblock {
  id: number;
  cidr: string;
  validFrom: number;
  validTo: number | null;
}

/** A block as generated: the network's top 64 bits (v6) or 32 bits (v4) as two words. */
interface Gen {
  v6: boolean;
  w0: number;
  w1: number;
  prefix: number;
}

const v4Text = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** RFC 5952 text (longest zero run compressed), or the full upper-case form for variety. */
function v6Text(words: readonly number[], full = false): string {
  const g: number[] = [];
  for (const w of words) g.push(w >>> 16, w & 0xffff);
  if (full) return g.map((x) => x.toString(16).padStart(4, "0").toUpperCase()).join(":");
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** The mask keeping the top `bits` (0–32) of a word. */
const maskOf = (bits: number) =>
  bits <= 0 ? 0 : bits >= 32 ? 0xffffffff : (~0 << (32 - bits)) >>> 0;

function cidrText(b: Gen): string {
  return b.v6 ? `${v6Text([b.w0, b.w1, 0, 0])}/${b.prefix}` : `${v4Text(b.w0)}/${b.prefix}`;
}

/** A random network of `prefix` bits inside `parent` (or anywhere). */
function network(v6: boolean, prefix: number, parent?: Gen): Gen {
  let w0 = v6 ? (0x20000000 | (u32() & 0x1fffffff)) >>> 0 : u32();
  let w1 = v6 ? u32() : 0;
  if (parent) {
    const keep0 = maskOf(parent.prefix);
    const keep1 = maskOf(parent.prefix - 32);
    w0 = ((parent.w0 & keep0) | (w0 & ~keep0)) >>> 0;
    w1 = ((parent.w1 & keep1) | (w1 & ~keep1)) >>> 0;
  }
  return { v6, w0: (w0 & maskOf(prefix)) >>> 0, w1: (w1 & maskOf(prefix - 32)) >>> 0, prefix };
}

function inventory(n: number): { blocks: Netblock[]; gens: Gen[] } {
  const blocks: Netblock[] = [];
  const gens: Gen[] = [];
  const seen = new Set<string>();
  const open: number[] = [];
  while (blocks.length < n) {
    const r = random();
    if (r < 0.12 && open.length > 0) {
      // Closed at some time and handed to a new holder from then on.
      const k = open.splice(int(open.length), 1)[0] as number;
      const old = blocks[k] as Netblock;
      const until = old.validFrom + DAY + int(Math.max(1, (NOW - old.validFrom) / DAY)) * DAY;
      old.validTo = until;
      blocks.push({ id: blocks.length + 1, cidr: old.cidr, validFrom: until, validTo: null });
      gens.push(gens[k] as Gen);
      open.push(blocks.length - 1);
      continue;
    }
    const v6 = random() >= 0.7;
    const bits = v6 ? 64 : 32;
    let g: Gen;
    const parent = gens.length > 0 && r < 0.35 ? gens[int(gens.length)] : undefined;
    if (parent && parent.v6 === v6 && parent.prefix < bits) {
      const prefix = parent.prefix + 1 + int(Math.min(bits - parent.prefix, v6 ? 16 : 8));
      g = network(v6, prefix, parent);
    } else {
      g = network(v6, v6 ? 32 + int(33) : 16 + int(17));
    }
    const cidr = cidrText(g);
    if (seen.has(cidr)) continue;
    seen.add(cidr);
    blocks.push({
      id: blocks.length + 1,
      cidr,
      validFrom: EPOCH + int((NOW - EPOCH) / DAY) * DAY,
      validTo: null,
    });
    gens.push(g);
    open.push(blocks.length - 1);
  }
  return { blocks, gens };
}

/** Address strings and times: about 70% inside a random block of the family, the rest anywhere. */
function lookups(gens: Gen[], v6: boolean, n: number): { ips: string[]; ats: Float64Array } {
  const family = gens.filter((g) => g.v6 === v6);
  const ips: string[] = new Array(n);
  const ats = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const inside = random() < 0.7 ? family[int(family.length)] : undefined;
    if (v6) {
      const g = network(true, 64, inside);
      ips[i] = v6Text([g.w0, g.w1, u32(), random() < 0.5 ? int(256) : u32()], random() < 0.1);
    } else {
      ips[i] = v4Text(network(false, 32, inside).w0);
    }
    // Most reports are about the last months; some reach back past the oldest assignment.
    ats[i] =
      random() < 0.8
        ? NOW - random() * 180 * DAY
        : EPOCH - 365 * DAY + random() * (NOW - EPOCH + 365 * DAY);
  }
  return { ips, ats };
}

function run(index: IpIndex<Netblock>, ips: string[], ats: Float64Array, n = ips.length): number {
  let hits = 0;
  for (let i = 0; i < n; i++) if (index.lookup(ips[i] as string, ats[i] as number) !== null) hits++;
  return hits;
}

const gen = await timed(() => inventory(BLOCKS));
const { blocks, gens } = gen.value;
const v4Blocks = gens.filter((g) => !g.v6).length;
const reassigned = blocks.filter((b) => b.validTo !== null).length;
const q4 = lookups(gens, false, V4_LOOKUPS);
const q6 = lookups(gens, true, V6_LOOKUPS);
console.log(
  `resolve benchmark: ${BLOCKS.toLocaleString("en-US")} netblocks (${v4Blocks.toLocaleString("en-US")} IPv4, ${(BLOCKS - v4Blocks).toLocaleString("en-US")} IPv6, ${reassigned.toLocaleString("en-US")} closed and reassigned); node ${process.version}, one thread`,
);

const build = await timed(() => IpIndex.build(blocks));
const index = build.value;
// Warm-up: let the JIT settle on the lookup path before anything is timed.
for (let round = 0; round < 3; round++) {
  run(index, q4.ips, q4.ats, 200_000);
  run(index, q6.ips, q6.ats, 200_000);
}
const t4 = await timed(() => run(index, q4.ips, q4.ats));
const t6 = await timed(() => run(index, q6.ips, q6.ats));
const v4Rate = V4_LOOKUPS / t4.seconds;
const v6Rate = V6_LOOKUPS / t6.seconds;
const verdict = (r: number, target: number) =>
  `${r >= target ? "meets" : "MISSES"} the ${target.toLocaleString("en-US")}/s target`;
const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

const rows: [string, string, string][] = [
  ["IpIndex build", `${build.seconds.toFixed(2)} s`, `${BLOCKS.toLocaleString("en-US")} netblocks`],
  [
    "IpIndex lookup, IPv4 strings",
    `${rate(V4_LOOKUPS, t4.seconds)} lookups/s`,
    `${verdict(v4Rate, V4_TARGET)}; ${pct(t4.value, V4_LOOKUPS)} hits`,
  ],
  [
    "IpIndex lookup, IPv6 strings",
    `${rate(V6_LOOKUPS, t6.seconds)} lookups/s`,
    `${verdict(v6Rate, V6_TARGET)}; ${pct(t6.value, V6_LOOKUPS)} hits`,
  ],
];

// Domains ride along: the same number of entries, one lookup per sub-domain host.
{
  const domains = blocks.map((b, i) => ({
    domain: `shop-${i % Math.ceil(BLOCKS * 0.9)}.example${i % 7 === 0 ? ".jp" : ""}`,
    validFrom: b.validFrom,
    validTo: b.validTo,
  }));
  const hosts = Array.from(
    { length: 1_000_000 },
    () => `www.img.shop-${int(BLOCKS)}.example${random() < 0.2 ? ".jp" : ""}`,
  );
  const dAts = Float64Array.from(hosts, () => NOW - random() * 180 * DAY);
  const dBuild = await timed(() => DomainIndex.build(domains));
  const dIndex = dBuild.value;
  const runDomains = () => {
    let hits = 0;
    for (let i = 0; i < hosts.length; i++) {
      if (dIndex.lookup(hosts[i] as string, dAts[i] as number) !== null) hits++;
    }
    return hits;
  };
  runDomains();
  const d = await timed(runDomains);
  rows.push([
    "DomainIndex lookup, 3-label hosts",
    `${rate(hosts.length, d.seconds)} lookups/s`,
    `built in ${dBuild.seconds.toFixed(2)} s; ${pct(d.value, hosts.length)} hits`,
  ]);
}

const LOOKUP_SQL = `SELECT id FROM netblocks
  WHERE cidr >>= $1::inet AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
  ORDER BY masklen(cidr) DESC, valid_from DESC LIMIT 1`;

const pgdb = await benchPostgres();
if (pgdb) {
  const store = await openPostgresStore(pgdb.url, { max: PG_IN_FLIGHT });
  try {
    await migrate(store);
    await store.query("INSERT INTO teams (id, name) VALUES ('bench', 'bench')");
    const load = await timed(async () => {
      for (let i = 0; i < blocks.length; i += 10_000) {
        const batch = blocks.slice(i, i + 10_000);
        await store.query(
          `INSERT INTO netblocks (id, cidr, team_id, service_id, shared, valid_from, valid_to)
           SELECT id, c::cidr, 'bench', NULL, true, f, t
           FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS u(id, c, f, t)`,
          [
            batch.map((b) => b.id),
            batch.map((b) => b.cidr),
            batch.map((b) => new Date(b.validFrom)),
            batch.map((b) => (b.validTo === null ? null : new Date(b.validTo))),
          ],
        );
      }
      await store.exec("ANALYZE netblocks");
    });
    rows.push([
      "PostgreSQL load + ANALYZE",
      `${load.seconds.toFixed(2)} s`,
      `${BLOCKS.toLocaleString("en-US")} netblocks, GiST on cidr inet_ops`,
    ]);

    const pgRun = async (ips: string[], ats: Float64Array, n: number) => {
      const ids: (number | null)[] = new Array(n);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < n; i = next++) {
          const [row] = await store.query<{ id: string }>(LOOKUP_SQL, [
            ips[i],
            new Date(ats[i] as number),
          ]);
          ids[i] = row ? Number(row.id) : null;
        }
      };
      await Promise.all(Array.from({ length: PG_IN_FLIGHT }, worker));
      return ids;
    };
    for (const [label, q, n, memRate] of [
      ["IPv4", q4, PG_V4_LOOKUPS, v4Rate],
      ["IPv6", q6, PG_V6_LOOKUPS, v6Rate],
    ] as const) {
      await pgRun(q.ips, q.ats, 500); // warm the connections and the buffer cache
      const t = await timed(() => pgRun(q.ips, q.ats, n));
      let mismatches = 0;
      for (let i = 0; i < Math.min(PG_CHECKED, n); i++) {
        const mem = index.lookup(q.ips[i] as string, q.ats[i] as number)?.id ?? null;
        const db = t.value[i] ?? null;
        if (mem !== db) {
          mismatches++;
          if (mismatches <= 5) {
            console.log(
              `  mismatch: ${q.ips[i]} at ${new Date(q.ats[i] as number).toISOString()}: index ${mem}, PostgreSQL ${db}`,
            );
          }
        }
      }
      const pgRate = n / t.seconds;
      rows.push([
        `PostgreSQL lookup, ${label} (${PG_IN_FLIGHT} in flight)`,
        `${rate(n, t.seconds)} lookups/s`,
        `in-memory is ${Math.round(memRate / pgRate).toLocaleString("en-US")}× faster; ${mismatches} mismatches in the first ${Math.min(PG_CHECKED, n).toLocaleString("en-US")}`,
      ]);
    }
  } finally {
    await store.close();
    await pgdb.drop();
  }
} else {
  rows.push([
    "PostgreSQL comparison",
    "skipped",
    "no server answered (set MOGURA_BENCH_DATABASE_URL)",
  ]);
}

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
