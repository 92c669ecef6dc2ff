// npm run bench:intake — how fast reports become events.
// Parse-only rates, a bare csv-parse loop over the same file as the ceiling, and end to end
// (accept + parse + store, one transaction per report) into PGlite and PostgreSQL.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as csvParse } from "csv-parse/sync";
import { loadPolicy } from "../src/cases/policy.ts";
import { routeReport } from "../src/cases/router.ts";
import { parseReport } from "../src/intake/parse-report.ts";
import { shadowserverCsvEvents } from "../src/intake/parsers/shadowserver-csv.ts";
import { processReport } from "../src/intake/process-report.ts";
import { acceptReport } from "../src/intake/report-store.ts";
import { upsertInventory } from "../src/inventory/upsert.ts";
import { InventoryResolver } from "../src/resolve/resolver.ts";
import type { Store } from "../src/store/database.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPgliteStore } from "../src/store/pglite-store.ts";
import { openPostgresStore } from "../src/store/postgres-store.ts";
import { benchPostgres, rate, seeded, timed } from "./support.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const MAILS = Number(process.env.BENCH_MAILS ?? 10_000);
const E2E_MAILS = Number(process.env.BENCH_E2E_MAILS ?? 2_000);
const random = seeded(20261129);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;

function scanCsv(rows: number): Buffer {
  const tags = [
    "rdp",
    "telnet",
    "memcached",
    "ssdp",
    "ntp",
    "smb",
    "vnc",
    "dns;openresolver",
  ] as const;
  const out = [
    '"timestamp","ip","port","hostname","tag","asn","geo","region","city","naics","sic","hostname_source","sector"',
  ];
  for (let i = 0; i < rows; i++) {
    const ip = `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
    const tag = pick(tags);
    const host = random() < 0.3 ? `host-${i}.hoster.example` : "";
    out.push(
      `"2026-11-28 0${Math.floor(random() * 10)}:${String(Math.floor(random() * 60)).padStart(2, "0")}:00",${ip},${1 + Math.floor(random() * 65534)},${host},${tag},64500,JP,TOKYO,CHIYODA,518210,,ptr,Communications`,
    );
  }
  return Buffer.from(`${out.join("\n")}\n`);
}

const SAMPLES = join(import.meta.dirname, "..", "test", "fixtures", "samples", "mail");
const templates = [
  "arf-spam.eml",
  "xarf-login-attack.eml",
  "xarf-v4-phishing.eml",
  "plain-phishing.eml",
].map((f) => readFileSync(join(SAMPLES, f), "utf8"));

function mails(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => {
    const ip = `203.0.113.${1 + Math.floor(random() * 254)}`;
    const t = templates[i % templates.length] as string;
    return Buffer.from(
      t
        .replace(/^Message-ID: .*$/im, `Message-ID: <bench-${i}@cert.example>`)
        .replace(/192\.0\.2\.\d+/g, ip),
    );
  });
}

async function endToEnd(store: Store, csv: Buffer, mailSet: Buffer[]) {
  await migrate(store);
  const opts = {
    dedupWindowHours: 24,
    maxEventsPerReport: 10_000_000,
    maxAttachments: 100,
    maxLineLength: 100_000,
  };
  const csvRun = await timed(async () => {
    const { report } = await acceptReport(store, "BEN", {
      channel: "file",
      bytes: csv,
      contentType: "text/csv",
      format: "scan",
      owner: "bench",
    });
    return processReport(store, report.id, opts);
  });
  const stored = csvRun.value.status === "processed" ? csvRun.value.stored : 0;
  // A part of the scanned addresses is one VPS customer's, the rest not ours: one case per
  // (service, type) on the one side, one case per address on the other.
  await upsertInventory(
    store,
    {
      teams: [{ id: "t", name: "bench" }],
      customers: [{ id: "c", name: "bench" }],
      services: [
        { id: "s", customer_id: "c", type: "vps", team_id: "t", valid_from: "2020-01-01" },
      ],
      netblocks: [{ cidr: "198.18.0.0/18", service_id: "s", valid_from: "2020-01-01" }],
      domains: [],
    },
    "bench",
  );
  const [csvReport] = await store.query<{ id: string }>(
    "SELECT id FROM reports WHERE format = 'scan' ORDER BY received_at DESC LIMIT 1",
  );
  const routeRun = await timed(() =>
    routeReport(
      { store, policy: loadPolicy(), resolver: new InventoryResolver(store, null) },
      csvReport?.id as string,
    ),
  );
  const mailRun = await timed(async () => {
    let events = 0;
    for (const m of mailSet) {
      const { report } = await acceptReport(store, "BEN", {
        channel: "smtp",
        bytes: m,
        contentType: "message/rfc822",
        owner: "bench",
      });
      const o = await processReport(store, report.id, opts);
      if (o.status === "processed") events += o.stored + o.duplicates;
    }
    return events;
  });
  return {
    stored,
    csvSeconds: csvRun.seconds,
    routed: routeRun.value,
    routeSeconds: routeRun.seconds,
    mailEvents: mailRun.value,
    mailSeconds: mailRun.seconds,
  };
}

const csv = scanCsv(ROWS);
const mailSet = mails(MAILS);
console.log(
  `intake benchmark: ${ROWS.toLocaleString("en-US")}-row scan CSV (${(csv.length / 1024 ** 2).toFixed(1)} MB), ${MAILS.toLocaleString("en-US")} mails; node ${process.version}`,
);

const ceiling = await timed(() => csvParse(csv, { columns: true }).length as number);
const parsed = await timed(async () => {
  let n = 0;
  for await (const _ of shadowserverCsvEvents([csv], { format: "scan", receivedAt: new Date() }))
    n++;
  return n;
});
const mailParse = await timed(async () => {
  let events = 0;
  for (const m of mailSet) {
    const r = await parseReport({
      bytes: m,
      contentType: "message/rfc822",
      receivedAt: new Date(),
    });
    if (r.ok) for (const _ of r.events as Iterable<unknown>) events++;
  }
  return events;
});

const rows: [string, string, string][] = [
  [
    "csv-parse alone (ceiling)",
    `${rate(ceiling.value, ceiling.seconds)} rows/s`,
    `${ceiling.seconds.toFixed(2)} s`,
  ],
  [
    "CSV parse to events",
    `${rate(parsed.value, parsed.seconds)} rows/s`,
    `${(parsed.seconds / ceiling.seconds).toFixed(2)}× the ceiling's time`,
  ],
  [
    "mail parse to events",
    `${rate(MAILS, mailParse.seconds)} mails/s`,
    `${mailParse.value.toLocaleString("en-US")} events`,
  ],
];

const e2eMails = mailSet.slice(0, E2E_MAILS);
const lite = await openPgliteStore(null);
try {
  const r = await endToEnd(lite, csv, e2eMails);
  rows.push([
    "end to end, PGlite: CSV",
    `${rate(r.stored, r.csvSeconds)} events/s`,
    `${r.stored.toLocaleString("en-US")} events in ${r.csvSeconds.toFixed(1)} s`,
  ]);
  rows.push([
    "events to cases, PGlite",
    `${rate(r.routed.events, r.routeSeconds)} events/s`,
    `${r.routed.events.toLocaleString("en-US")} events, ${r.routed.casesCreated.toLocaleString("en-US")} cases, in ${r.routeSeconds.toFixed(1)} s`,
  ]);
  rows.push([
    "end to end, PGlite: mail",
    `${rate(E2E_MAILS, r.mailSeconds)} mails/s`,
    `${E2E_MAILS} mails, one transaction each`,
  ]);
} finally {
  await lite.close();
}

const pgdb = await benchPostgres();
if (pgdb) {
  const store = await openPostgresStore(pgdb.url);
  try {
    const r = await endToEnd(store, csv, e2eMails);
    rows.push([
      "end to end, PostgreSQL: CSV",
      `${rate(r.stored, r.csvSeconds)} events/s`,
      `${r.stored.toLocaleString("en-US")} events in ${r.csvSeconds.toFixed(1)} s`,
    ]);
    rows.push([
      "events to cases, PostgreSQL",
      `${rate(r.routed.events, r.routeSeconds)} events/s`,
      `${r.routed.events.toLocaleString("en-US")} events, ${r.routed.casesCreated.toLocaleString("en-US")} cases, in ${r.routeSeconds.toFixed(1)} s`,
    ]);
    rows.push([
      "end to end, PostgreSQL: mail",
      `${rate(E2E_MAILS, r.mailSeconds)} mails/s`,
      `${E2E_MAILS} mails, one transaction each`,
    ]);
  } finally {
    await store.close();
    await pgdb.drop();
  }
} else {
  rows.push([
    "end to end, PostgreSQL",
    "skipped",
    "no server answered (set MOGURA_BENCH_DATABASE_URL)",
  ]);
}

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
