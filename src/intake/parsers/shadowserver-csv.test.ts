import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { Event } from "../../domain/event.ts";
import {
  detectReport,
  parseShadowserverCsv,
  type RowProblem,
  reportTypeFromFilename,
  ShadowserverCsvError,
  shadowserverCsvEvents,
  shadowserverTime,
} from "./shadowserver-csv.ts";
import type { ParseResult } from "./types.ts";

/*
 * Golden files: every fixtures/csv-*.csv (and the two Shadowserver samples) has a
 * <name>.golden.json holding the whole in-memory ParseResult and the row problems the
 * streaming generator reported. Fixture names after "csv-" are passed as the file name, so
 * `csv-2026-11-28-scan_ssdp-asn-jp-geo.csv` is detected as scan_ssdp by its name.
 * `UPDATE_GOLDEN=1 npx vitest run src/intake/parsers/shadowserver-csv.test.ts` rewrites them
 * (review the diff, then `npx biome check --write` them).
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.join(HERE, "fixtures");
const SAMPLES = path.join(HERE, "../../../test/fixtures/samples/feeds");
const RECEIVED = new Date("2026-11-28T12:30:00Z");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** Fixtures that need an option to show what they are for. */
const OPTIONS: Record<string, { maxLineLength?: number }> = {
  "csv-bad-rows.csv": { maxLineLength: 300 },
};

async function stream(
  chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  opts: { filename?: string; format?: string; maxLineLength?: number } = {},
) {
  const events: Event[] = [];
  const problems: RowProblem[] = [];
  let error: ShadowserverCsvError | undefined;
  try {
    for await (const e of shadowserverCsvEvents(chunks, {
      ...opts,
      receivedAt: RECEIVED,
      onProblem: (p) => problems.push(p),
    })) {
      events.push(e);
    }
  } catch (e) {
    if (!(e instanceof ShadowserverCsvError)) throw e;
    error = e;
  }
  return { events, problems, error };
}

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected events, got: ${r.reason}`);
  return r;
}

const cases = [
  ...fs
    .readdirSync(DIR)
    .filter((f) => /^csv-.*\.csv$/.test(f))
    .sort()
    .map((f) => ({
      name: f.replace(/\.csv$/, ""),
      file: path.join(DIR, f),
      filename: f.replace(/^csv-/, ""),
      ...OPTIONS[f],
    })),
  ...["shadowserver-scan.csv", "shadowserver-sinkhole.csv"].map((f) => ({
    name: `csv-sample-${f.replace(/\.csv$/, "")}`,
    file: path.join(SAMPLES, f),
    filename: f,
    maxLineLength: undefined,
  })),
];

describe("shadowserver-csv golden files", () => {
  it("has fixtures", () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)("$name", async ({ name, file, filename, maxLineLength }) => {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const result = parseShadowserverCsv({ bytes, receivedAt: RECEIVED, filename, maxLineLength });
    if (result.ok) for (const e of result.events) expect(() => Event.parse(e)).not.toThrow();

    // the generator, fed the same bytes one byte at a time, says the same
    const oneByOne = await stream(
      Array.from(bytes, (b) => Uint8Array.of(b)),
      { filename, maxLineLength },
    );
    if (result.ok) {
      expect(oneByOne.error).toBeUndefined();
      expect(oneByOne.events).toEqual(result.events);
    } else {
      expect(oneByOne.error?.message).toBe(result.reason);
      expect(oneByOne.error?.inputProblem).toBe(true);
    }

    const golden = path.join(DIR, `${name}.golden.json`);
    const actual = JSON.parse(JSON.stringify({ result, streamProblems: oneByOne.problems }));
    if (UPDATE) fs.writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
    expect(fs.existsSync(golden), `${golden} is missing (UPDATE_GOLDEN=1 writes it)`).toBe(true);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(golden, "utf8")));
  });
});

describe("the two Shadowserver samples", () => {
  it("maps the scan report: vulnerable systems and amplifiers, source fields, identifier = tag", () => {
    const bytes = fs.readFileSync(path.join(SAMPLES, "shadowserver-scan.csv"));
    const r = ok(parseShadowserverCsv({ bytes, receivedAt: RECEIVED }));
    expect(
      r.events.map((e) => [
        e["source.ip"],
        e["classification.type"],
        e["classification.identifier"],
      ]),
    ).toEqual([
      ["192.0.2.10", "vulnerable-system", "rdp"],
      ["192.0.2.11", "vulnerable-system", "rdp"],
      ["198.51.100.23", "ddos-amplifier", "memcached"],
      ["2001:db8:10::5", "ddos-amplifier", "dns;openresolver"],
    ]);
    expect(r.events[0]).toMatchObject({
      "feed.name": "scan",
      "feed.provider": "Shadowserver",
      "time.source": "2026-11-28T00:14:09.000Z",
      "time.observation": "2026-11-28T12:30:00.000Z",
      "classification.taxonomy": "vulnerable",
      "source.port": 3389,
      "source.asn": 64500,
      "source.fqdn": "web10.hoster.example",
      "source.geolocation.cc": "JP",
      "protocol.application": "rdp",
      extra: {
        region: "TOKYO",
        city: "CHIYODA",
        naics: "518210",
        hostname_source: "ptr",
        sector: "Communications",
      },
    });
  });

  it("maps the sinkhole report: infected systems with the C2 as destination", () => {
    const bytes = fs.readFileSync(path.join(SAMPLES, "shadowserver-sinkhole.csv"));
    const r = ok(
      parseShadowserverCsv({ bytes, receivedAt: RECEIVED, format: "event4_sinkhole_http" }),
    );
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({
      "feed.name": "event4_sinkhole_http",
      "classification.type": "infected-system",
      "classification.taxonomy": "malicious-code",
      "source.ip": "198.51.100.140",
      "source.port": 50312,
      "source.asn": 64501,
      "destination.ip": "203.0.113.250",
      "destination.port": 80,
      "destination.asn": 64511,
      "destination.fqdn": "update-cdn.example",
      "destination.url": "http://update-cdn.example/gate.php",
      "malware.name": "vawtrak",
      extra: { user_agent: "Mozilla/4.0 (compatible; MSIE 8.0)" },
    });
  });
});

describe("report type", () => {
  const scanHeader = ["timestamp", "ip", "port", "tag"];
  const sinkholeHeader = ["timestamp", "src_ip", "dst_ip", "infection"];

  it.each([
    ["2026-11-28-scan_rdp-asn-jp-geo.csv", "scan_rdp"],
    ["2026-11-28-event4_sinkhole_http-asn-jp.csv", "event4_sinkhole_http"],
    ["/tmp/in/2026-11-28-scan6_ssh-asn-jp-geo.csv", "scan6_ssh"],
    ["2026-11-28-drone-asn.csv", "drone"],
    ["2026-11-28-scan_rdp.csv", "scan_rdp"],
    ["scan_rdp.csv", null],
    ["report.csv", null],
    ["2026-11-28-scan_rdp-asn.txt", null],
  ])("reads %s as %s", (name, type) => {
    expect(reportTypeFromFilename(name)).toBe(type);
  });

  it("takes an explicit format over the file name, the file name over the header", () => {
    expect(
      detectReport(scanHeader, { format: "scan_rdp", filename: "2026-11-28-scan_ssh-asn.csv" }),
    ).toEqual({
      name: "scan_rdp",
      layout: "scan",
    });
    expect(detectReport(scanHeader, { filename: "2026-11-28-scan_ssh-asn.csv" })).toEqual({
      name: "scan_ssh",
      layout: "scan",
    });
    expect(detectReport(scanHeader, {})).toEqual({ name: "scan", layout: "scan" });
    expect(detectReport(sinkholeHeader, {})).toEqual({ name: "sinkhole", layout: "sinkhole" });
    expect(detectReport(["timestamp", "ip", "infection", "cc"], {})).toEqual({
      name: "drone",
      layout: "drone",
    });
    expect(
      detectReport(["timestamp", "ip", "infection", "cc"], { format: "sinkhole_http" }),
    ).toEqual({
      name: "sinkhole_http",
      layout: "drone",
    });
    // a file name with an unknown type still reads by its header, keeping the name
    expect(detectReport(scanHeader, { filename: "2026-11-28-device_id-asn.csv" })).toEqual({
      name: "device_id",
      layout: "scan",
    });
  });

  it("fails on an unknown explicit format, naming the header", () => {
    expect(() => detectReport(scanHeader, { format: "blocklist" })).toThrow(
      'unknown Shadowserver report type "blocklist" (known: scan_*, *sinkhole*, drone); header: timestamp,ip,port,tag',
    );
  });

  it("fails when the format's key column is missing", () => {
    const r = parseShadowserverCsv({
      bytes: fs.readFileSync(path.join(SAMPLES, "shadowserver-sinkhole.csv")),
      receivedAt: RECEIVED,
      format: "scan_rdp",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.parser).toBe("shadowserver-csv");
    expect(r.reason).toMatch(/^report type "scan_rdp" needs an "ip" column; header: "?timestamp/);
  });

  it("fails on a header it does not know, naming it", () => {
    const r = parseShadowserverCsv({
      bytes: new TextEncoder().encode("when,who\n2026-11-28 00:00:00,192.0.2.1\n"),
      receivedAt: RECEIVED,
    });
    expect(r).toMatchObject({ ok: false, parser: "shadowserver-csv" });
    if (!r.ok) expect(r.reason).toContain("header: when,who");
  });
});

describe("rows", () => {
  const csv = (...lines: string[]) => new TextEncoder().encode(`${lines.join("\n")}\n`);
  const scan = (tag: string, name = "2026-11-28-scan_x-asn.csv") =>
    ok(
      parseShadowserverCsv({
        bytes: csv('"timestamp","ip","port","tag"', `"2026-11-28 00:00:00",192.0.2.1,1,${tag}`),
        receivedAt: RECEIVED,
        filename: name,
      }),
    ).events[0];

  it.each([
    ["memcached", "ddos-amplifier"],
    ["ntp", "ddos-amplifier"],
    ["ssdp", "ddos-amplifier"],
    ["chargen", "ddos-amplifier"],
    ['"dns;openresolver"', "ddos-amplifier"],
    ["ws-discovery", "ddos-amplifier"],
    ["rdp", "vulnerable-system"],
    ["ssh", "vulnerable-system"],
    ["elasticsearch", "vulnerable-system"],
  ])("tag %s is %s", (tag, type) => {
    const e = scan(tag);
    expect(e?.["classification.type"]).toBe(type);
    expect(e?.["classification.taxonomy"]).toBe("vulnerable");
  });

  it("uses the report name when a scan row has no tag", () => {
    const e = scan("", "2026-11-28-scan_ntpmonitor-asn.csv");
    expect(e).toMatchObject({
      "classification.type": "ddos-amplifier",
      "classification.identifier": "ntpmonitor",
    });
  });

  it("builds destination.url from http_host and http_url, IPv6 hosts in brackets", () => {
    const r = ok(
      parseShadowserverCsv({
        bytes: csv(
          '"timestamp","src_ip","infection","http_host","http_url"',
          '"2026-11-28 00:00:00",192.0.2.1,tinba,2001:db8::80,/c2.php',
          '"2026-11-28 00:00:00",192.0.2.2,tinba,C2.Example.NET,/a?b=1',
          '"2026-11-28 00:00:00",192.0.2.3,tinba,c2.example.net,not-a-path',
        ),
        receivedAt: RECEIVED,
      }),
    );
    expect(
      r.events.map((e) => [e["destination.url"], e["destination.fqdn"], e["destination.ip"]]),
    ).toEqual([
      ["http://[2001:db8::80]/c2.php", undefined, "2001:db8::80"],
      ["http://c2.example.net/a?b=1", "c2.example.net", undefined],
      [undefined, "c2.example.net", undefined],
    ]);
    expect(r.events[2]?.extra).toEqual({ http_url: "not-a-path" });
  });

  it("reads timestamps as UTC and refuses impossible ones", () => {
    expect(shadowserverTime("2026-11-28 00:14:09")).toBe("2026-11-28T00:14:09.000Z");
    expect(shadowserverTime("2026-11-28T00:14:09Z")).toBe("2026-11-28T00:14:09.000Z");
    expect(shadowserverTime("2026-11-28 00:14:09+00")).toBe("2026-11-28T00:14:09.000Z");
    expect(shadowserverTime("2026-02-30 00:00:00")).toBeNull();
    expect(shadowserverTime("2026-11-28 24:00:00")).toBeNull();
    expect(shadowserverTime("2026-11-28 00:00:00+09")).toBeNull();
    expect(shadowserverTime("28/11/2026 00:00:00")).toBeNull();
  });

  it("reports each bad row with its line number, in order, and goes on", async () => {
    const { events, problems } = await stream(
      [
        csv(
          '"timestamp","ip","port","tag"',
          '"2026-11-28 00:00:01",192.0.2.1,22,ssh',
          '"2026-11-28 00:00:02",192.0.2.300,22,ssh',
          '"2026-11-28 00:00:03",192.0.2.3,22',
          '"2026-11-28 00:00:04",192.0.2.4,22,"ss"h',
          '"2026-11-28 00:00:05",192.0.2.5,22,ssh',
        ),
      ],
      { format: "scan_ssh" },
    );
    expect(events.map((e) => e["source.ip"])).toEqual(["192.0.2.1", "192.0.2.5"]);
    expect(problems.map((p) => p.row)).toEqual([3, 4, 5]);
    expect(problems[0]?.reason).toBe('"ip" is not an IP address: "192.0.2.300"');
    expect(problems[1]?.reason).toBe("the row has 3 fields, the header has 4");
    expect(problems[2]?.reason).toMatch(/^malformed CSV: /);
  });

  it("skips an over-long line as it streams and reads the lines after it", async () => {
    const header = '"timestamp","ip","port","tag"\n';
    async function* chunks() {
      yield header;
      yield '"2026-11-28 00:00:01",192.0.2.1,22,';
      for (let i = 0; i < 1000; i++) yield "x".repeat(10_000); // 10 MB on one line
      yield '\n"2026-11-28 00:00:03",192.0.2.3,22,ssh\n';
    }
    const { events, problems } = await stream(chunks(), {
      format: "scan_ssh",
      maxLineLength: 64 * 1024,
    });
    expect(events.map((e) => e["source.ip"])).toEqual(["192.0.2.3"]);
    expect(problems).toEqual([{ row: 2, reason: "the row is longer than 65536 characters" }]);
  });

  it("throws an input problem at the end when no row could be read", async () => {
    const { events, problems, error } = await stream(
      [csv('"timestamp","ip","tag"', '"2026-11-28 00:00:01",bogus,ssh')],
      { format: "scan" },
    );
    expect(events).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(error?.inputProblem).toBe(true);
    expect(error?.message).toBe(
      'no row could be read (1 skipped): row 2: "ip" is not an IP address: "bogus"',
    );
  });

  it("returns a summary", async () => {
    const gen = shadowserverCsvEvents(
      [csv('"timestamp","ip","tag"', '"2026-11-28 00:00:01",192.0.2.1,ssh', "x")],
      {
        receivedAt: RECEIVED,
        format: "scan_ssh",
      },
    );
    let last = await gen.next();
    while (!last.done) last = await gen.next();
    expect(last.value).toEqual({ reportType: "scan_ssh", rows: 2, events: 1, problems: 1 });
  });
});

describe("streaming a large file", () => {
  it("streams 200,000 rows in chunks in bounded memory", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const ROWS = 200_000;
    const encoder = new TextEncoder();
    const header =
      '"timestamp","ip","port","hostname","tag","asn","geo","region","city","naics","sic","sector"\n';
    // chunks cut at odd byte offsets, so UTF-8 characters (東京) are split between chunks
    async function* chunks(): AsyncGenerator<Uint8Array> {
      let pending = encoder.encode(header);
      for (let i = 0; i < ROWS; i++) {
        const row = encoder.encode(
          `"2026-11-28 ${String(i % 24).padStart(2, "0")}:00:00",198.51.${(i >> 8) & 255}.${i & 255},3389,` +
            `h${i}.example.jp,rdp,64500,JP,東京,千代田,518210,,Communications\n`,
        );
        const joined = new Uint8Array(pending.length + row.length);
        joined.set(pending);
        joined.set(row, pending.length);
        pending = joined;
        while (pending.length >= 7919) {
          yield pending.slice(0, 7919);
          pending = pending.slice(7919);
        }
      }
      yield pending;
    }

    let count = 0;
    let sample: Event | undefined;
    let baseline = 0;
    let peak = 0;
    const started = performance.now();
    for await (const e of shadowserverCsvEvents(chunks(), {
      receivedAt: RECEIVED,
      filename: "2026-11-28-scan_rdp-asn-jp-geo.csv",
      onProblem: (p) => {
        throw new Error(`unexpected problem: row ${p.row}: ${p.reason}`);
      },
    })) {
      count++;
      if (count === 123_457) sample = e;
      if (count % 20_000 === 0) {
        gc();
        const used = process.memoryUsage().heapUsed;
        if (count === 20_000) baseline = used;
        peak = Math.max(peak, used);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `streamed ${count} rows in ${seconds.toFixed(2)} s (${Math.round(count / seconds)} rows/s)`,
    );

    expect(count).toBe(ROWS);
    expect(sample).toMatchObject({
      "feed.name": "scan_rdp",
      "source.ip": `198.51.${(123_456 >> 8) & 255}.${123_456 & 255}`,
      "source.fqdn": "h123456.example.jp",
      "time.source": `2026-11-28T${String(123_456 % 24).padStart(2, "0")}:00:00.000Z`,
      extra: { region: "東京", city: "千代田", naics: "518210", sector: "Communications" },
    });
    // 200,000 events kept would be well over 100 MB; streaming holds one batch
    expect(peak - baseline).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("the fast paths", () => {
  it("split records as RFC 4180 says, and leave malformed ones to csv-parse", async () => {
    const { splitRecord } = await import("./shadowserver-csv.ts");
    expect(splitRecord('a,"b,c","d ""e""",,f')).toEqual(["a", "b,c", 'd "e"', "", "f"]);
    expect(splitRecord('"multi\nline",x')).toEqual(["multi\nline", "x"]);
    expect(splitRecord("")).toEqual([""]);
    expect(splitRecord('"open')).toBeNull();
    expect(splitRecord('"a"b,c')).toBeNull();
    expect(splitRecord('a"b,c')).toBeNull();
  });

  it("read timestamps quickly without accepting impossible dates", async () => {
    const { shadowserverTime } = await import("./shadowserver-csv.ts");
    expect(shadowserverTime("2026-11-28 00:14:09")).toBe("2026-11-28T00:14:09.000Z");
    expect(shadowserverTime("2024-02-29 10:00:00")).toBe("2024-02-29T10:00:00.000Z");
    for (const bad of [
      "2026-02-29 10:00:00",
      "2026-13-01 00:00:00",
      "2026-04-31 00:00:00",
      "2026-11-28 24:00:00",
      "2026-11-28 00:60:00",
    ]) {
      expect(shadowserverTime(bad)).toBeNull();
    }
  });
});
