import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { Random } from "../../demo/random.ts";
import { Event } from "../../domain/event.ts";
import { CsvReader } from "./csv-tokenizer.ts";
import { detectLayout, type Feed, type FeedLayout, loadFeed, parseFeed } from "./feed-layouts.ts";
import { RowMapper } from "./feed-rows.ts";

/*
 * Every layout of every feed file (feeds/*.yaml) must be read by at least one golden fixture
 * (fixtures/csv-*.csv with its .golden.json, which shadowserver-csv.test.ts runs), and rows of
 * random values must come out of every layout as the Event schema itself would make them.
 */

const HERE = import.meta.dirname;
const FIXTURES = path.join(HERE, "fixtures");
const RECEIVED = new Date("2026-11-28T12:30:00Z");
const feeds = fs
  .readdirSync(path.join(HERE, "feeds"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ name: f.replace(/\.yaml$/, ""), feed: loadFeed(f.replace(/\.yaml$/, "")) }));

/** The first line of a CSV file as the reader gives header cells. */
const headerOf = (file: string) =>
  (
    fs
      .readFileSync(file, "utf8")
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)[0] ?? ""
  )
    .split(",")
    .map((c) => c.trim().replace(/^"|"$/g, "").toLowerCase());

describe.each(feeds)("feed $name", ({ feed }) => {
  const fixtures = fs.readdirSync(FIXTURES).filter((f) => /^csv-.*\.csv$/.test(f));
  const covered = new Map<string, string[]>();
  for (const f of fixtures) {
    const found = detectLayout(feed, headerOf(path.join(FIXTURES, f)), {
      filename: f.replace(/^csv-/, ""),
    });
    if ("layout" in found)
      covered.set(found.layout.name, [...(covered.get(found.layout.name) ?? []), f]);
  }

  it.each(feed.layouts.map((l) => l.name))("layout %s has a golden fixture", (name) => {
    const files = covered.get(name) ?? [];
    expect(files, `no fixtures/csv-*.csv is read with layout "${name}"`).not.toEqual([]);
    for (const f of files) {
      const golden = path.join(FIXTURES, f.replace(/\.csv$/, ".golden.json"));
      expect(fs.existsSync(golden), `${golden} is missing`).toBe(true);
    }
  });

  it.each(feed.layouts)(
    "layout $name: random rows come out as the Event schema makes them",
    (layout) => {
      const { header, rows } = randomRows(layout, new Random(layout.name.length * 7919), 3000);
      const { events, mapper } = readRows(feed, layout, `${header}\n${rows.join("\n")}\n`);
      expect(events.length).toBeGreaterThan(rows.length / 2);
      // the rows were built without the schema, and the schema found nothing to change
      expect(mapper.checkingEveryRow).toBe(false);
      for (const e of events) {
        expect(Event.parse(e)).toEqual(e);
        expect(JSON.stringify(e)).not.toMatch(/\\u0000/);
      }
    },
  );
});

/** The events of a CSV text read with one layout, skipped rows left out. */
function readRows(feed: Feed, layout: FeedLayout, text: string) {
  const reader = new CsvReader<Event>({
    header: (h) => new RowMapper(h, feed, { name: `${layout.name}_test`, layout }, RECEIVED),
    fail: (m) => new Error(m),
  });
  reader.push(text);
  const events: Event[] = [];
  for (let e = reader.next(); e !== null; e = reader.next()) events.push(e);
  const last = reader.end();
  if (last !== null) events.push(last);
  return { events, mapper: reader.sink as RowMapper };
}

/** A header with every column the layout names (and one it does not), and rows of random values. */
function randomRows(layout: FeedLayout, r: Random, n: number) {
  const columns = [
    layout.address,
    layout.time,
    layout.classification.tag,
    ...layout.fields.flatMap(([, cs]) => cs),
    layout.url?.path,
    layout.url?.hostColumn,
    "unmapped",
  ].filter((c): c is string => c !== undefined);
  const header = [...new Set(columns)];
  const ip = () =>
    r.chance(0.2)
      ? `2001:db8:${r.int(0, 0xffff).toString(16)}::${r.int(1, 0xffff).toString(16)}`
      : [0, 0, 0, 0].map(() => r.int(0, r.chance(0.05) ? 300 : 255)).join(".");
  const host = () =>
    `${r.pick(["c2", "Shop", "a_b", "例え", "x-1"])}.${r.pick(["example", "EXAMPLE.net", "jp."])}`;
  const values = [
    ip,
    host,
    () => String(r.int(0, 70_000)),
    () => `AS${r.int(0, 99_999)}`,
    () => r.pick(["JP", "us", "X", "東京"]),
    () => r.pick(["tcp", "UDP", "gre"]),
    () => r.pick(["Mirai", "emotet", "ssh;rdp", "dns-openresolver", "ws-discovery"]),
    () => r.pick(["/gate.php", "http://c2.example/x", "not-a-path", "/a b"]),
    () => `text ${r.int(0, 9)}${r.chance(0.02) ? "\u0000" : ""}`,
    () => "",
  ];
  const time = () =>
    `${String(r.pick([2026, 2026, 2026, 0, 26, 9999])).padStart(4, "0")}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 31)).padStart(2, "0")} ${String(r.int(0, 23)).padStart(2, "0")}:00:00`;
  const quote = (v: string) =>
    /[",\n]/.test(v) || r.chance(0.1) ? `"${v.replace(/"/g, '""')}"` : v;
  const rows = Array.from({ length: n }, () =>
    header
      .map((c) => {
        if (c === layout.address) return ip();
        if (c === layout.time) return time();
        return quote(r.pick(values)());
      })
      .join(","),
  );
  return { header: header.join(","), rows };
}

describe("a wrong feed file", () => {
  type Raw = {
    header_rules: { layout: string }[];
    layouts: {
      name: string;
      address: string;
      report_types: string;
      classification: Record<string, unknown>;
      fields: Record<string, string[]>;
    }[];
  };
  const good = fs.readFileSync(path.join(HERE, "feeds", "shadowserver.yaml"), "utf8");
  /** The shipped file with one change. */
  const wrong = (change: (raw: Raw) => void) => () => {
    const raw = parseYaml(good) as Raw;
    change(raw);
    return parseFeed(stringifyYaml(raw), "feeds/shadowserver.yaml");
  };
  const sinkhole = (raw: Raw) =>
    raw.layouts.find((l) => l.name === "sinkhole") as Raw["layouts"][0];

  it("is read as shipped", () => {
    expect(wrong(() => {})).not.toThrow();
  });

  it("is refused naming the layout and the field", () => {
    expect(
      wrong((raw) => {
        sinkhole(raw).fields["source.porrt"] = ["src_port"];
      }),
    ).toThrow(
      /^feeds\/shadowserver\.yaml: layout "sinkhole", fields › source\.porrt: "source\.porrt" is not a field a column can fill/,
    );
    expect(
      wrong((raw) => {
        sinkhole(raw).classification.type = "infected";
      }),
    ).toThrow(/layout "sinkhole", classification › type: "infected" is not a classification type/);
    expect(
      wrong((raw) => {
        (raw.layouts[0] as Raw["layouts"][0]).report_types = "^scan6?(?:_|$";
      }),
    ).toThrow(/layout "scan", report_types: not a regular expression/);
    expect(
      wrong((raw) => {
        sinkhole(raw).address = "Src_IP";
      }),
    ).toThrow(/layout "sinkhole", address: a column name is written in lower case/);
    expect(
      wrong((raw) => {
        delete sinkhole(raw).fields["malware.name"];
      }),
    ).toThrow(
      /layout "sinkhole", classification › identifier: "malware\.name" is not in this layout's fields/,
    );
    expect(
      wrong((raw) => {
        (raw.header_rules[1] as { layout: string }).layout = "drones";
      }),
    ).toThrow(/header_rules › 1 › layout: no layout is named "drones"/);
    expect(() => parseFeed("provider: [", "feeds/x.yaml")).toThrow(/^feeds\/x\.yaml: not YAML/);
  });
});
