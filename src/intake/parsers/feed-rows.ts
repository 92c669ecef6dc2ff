import { canonicalJson } from "../../domain/canonical-json.ts";
import { classify, Event } from "../../domain/event.ts";
import { ipAddress, utcTime } from "../../domain/fields.ts";
import { storableText } from "../../domain/storable.ts";
import { normalizeUrl } from "../resources.ts";
import { clip, type RowSink } from "./csv-tokenizer.ts";
import {
  COLUMN_READERS,
  type ColumnReader,
  type Feed,
  type FeedLayout,
  serviceName,
} from "./feed-layouts.ts";

/*
 * The rows of a feed into events, by the file's layout (feed-layouts.ts). Every value is
 * read by its field's rule (domain/fields.ts) where it lies in the row's text, and the event
 * is built field by field in the order of the Event schema. The schema itself checks the
 * first event of each file (the layout gives every row the same shape), and every row that
 * holds a character a database refuses; should its result ever differ from what was built,
 * every row of the file is checked from then on.
 */

// ---------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]00(?::?00)?)?$/;

/**
 * A feed's timestamp ("YYYY-MM-DD HH:MM:SS", UTC whether it says so or not, fractions of a
 * second dropped) by the time rule of every event; null when it is none.
 */
function parseTime(s: string): string | null {
  return TIMESTAMP.test(s) ? utcTime(`${s.slice(0, 10)}T${s.slice(11, 19)}Z`) : null;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits at `i` as a number, or -1. */
const twoDigits = (s: string, i: number) => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * parseTime for text[s, e) of a row, remembering the ISO text of each usual-shape timestamp
 * by day and second: a feed repeats its timestamps, and a cached string is neither sliced,
 * concatenated nor collected again for every row. Anything unusual goes to parseTime.
 */
export class TimeReader {
  private readonly days = new Map<number, Map<number, string>>();

  read(src: string, s: number, e: number): string | null {
    if (
      e - s === 19 &&
      src.charCodeAt(s + 4) === 45 &&
      src.charCodeAt(s + 7) === 45 &&
      (src.charCodeAt(s + 10) === 32 || src.charCodeAt(s + 10) === 84) &&
      src.charCodeAt(s + 13) === 58 &&
      src.charCodeAt(s + 16) === 58
    ) {
      const y1 = twoDigits(src, s);
      const y2 = twoDigits(src, s + 2);
      const mo = twoDigits(src, s + 5);
      const d = twoDigits(src, s + 8);
      const h = twoDigits(src, s + 11);
      const mi = twoDigits(src, s + 14);
      const se = twoDigits(src, s + 17);
      if (
        y1 >= 0 &&
        y2 >= 0 &&
        y1 + y2 > 0 && // no year 0
        mo >= 1 &&
        mo <= 12 &&
        d >= 1 &&
        d <= (DAYS[mo - 1] as number) &&
        !(mo === 2 && d === 29) &&
        h >= 0 &&
        h <= 23 &&
        mi >= 0 &&
        mi <= 59 &&
        se >= 0 &&
        se <= 59
      ) {
        const day = ((y1 * 100 + y2) * 100 + mo) * 100 + d;
        let seconds = this.days.get(day);
        if (seconds === undefined) {
          if (this.days.size >= 4) this.days.clear(); // a feed covers a day or two
          seconds = new Map();
          this.days.set(day, seconds);
        }
        const k = (h * 60 + mi) * 60 + se;
        let iso = seconds.get(k);
        if (iso === undefined) {
          iso = `${src.slice(s, s + 10)}T${src.slice(s + 11, e)}.000Z`;
          seconds.set(k, iso);
        }
        return iso;
      }
    }
    return parseTime(src.slice(s, e));
  }
}

const TIMES = new TimeReader();

/** "YYYY-MM-DD HH:MM:SS" in UTC as ISO-8601, or null. */
export const feedTime = (s: string): string | null => TIMES.read(s, 0, s.length);

// ---------------------------------------------------------------------------------------
// Rows to events
// ---------------------------------------------------------------------------------------

/** An event's fields in the order of the Event schema, the order its parse gives them. */
const EVENT_FIELDS = Object.keys(Event.shape) as (keyof Event)[];
const slot = (f: keyof Event) => EVENT_FIELDS.indexOf(f);
const FEED_NAME = slot("feed.name");
const FEED_PROVIDER = slot("feed.provider");
const TIME_SOURCE = slot("time.source");
const TIME_OBSERVATION = slot("time.observation");
const TAXONOMY = slot("classification.taxonomy");
const TYPE = slot("classification.type");
const IDENTIFIER = slot("classification.identifier");
const SOURCE_IP = slot("source.ip");
const APPLICATION = slot("protocol.application");

/**
 * The event of a row's values by slot, in schema order. Every field is written out, so that
 * each store names its field: one loop storing by computed names costs a feed a fifth of its
 * speed. `raw` and `extra` are the mapper's.
 */
function eventOf(v: unknown[]): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  if (v[0] !== undefined) e["feed.name"] = v[0];
  if (v[1] !== undefined) e["feed.provider"] = v[1];
  if (v[2] !== undefined) e["feed.url"] = v[2];
  if (v[3] !== undefined) e["time.source"] = v[3];
  if (v[4] !== undefined) e["time.observation"] = v[4];
  if (v[5] !== undefined) e["classification.taxonomy"] = v[5];
  if (v[6] !== undefined) e["classification.type"] = v[6];
  if (v[7] !== undefined) e["classification.identifier"] = v[7];
  if (v[8] !== undefined) e["source.ip"] = v[8];
  if (v[9] !== undefined) e["source.network"] = v[9];
  if (v[10] !== undefined) e["source.port"] = v[10];
  if (v[11] !== undefined) e["source.fqdn"] = v[11];
  if (v[12] !== undefined) e["source.url"] = v[12];
  if (v[13] !== undefined) e["source.account"] = v[13];
  if (v[14] !== undefined) e["source.asn"] = v[14];
  if (v[15] !== undefined) e["source.reverse_dns"] = v[15];
  if (v[16] !== undefined) e["source.geolocation.cc"] = v[16];
  if (v[17] !== undefined) e["destination.ip"] = v[17];
  if (v[18] !== undefined) e["destination.port"] = v[18];
  if (v[19] !== undefined) e["destination.fqdn"] = v[19];
  if (v[20] !== undefined) e["destination.url"] = v[20];
  if (v[21] !== undefined) e["destination.asn"] = v[21];
  if (v[22] !== undefined) e["protocol.application"] = v[22];
  if (v[23] !== undefined) e["protocol.transport"] = v[23];
  if (v[24] !== undefined) e["malware.name"] = v[24];
  if (v[25] !== undefined) e["event_description.text"] = v[25];
  if (v[26] !== undefined) e.tlp = v[26];
  return e;
}

// eventOf must know the schema's fields in the schema's order: checked once, at load.
{
  const probe = EVENT_FIELDS.map((_, i) => i);
  const got = Object.entries(eventOf(probe));
  const want = EVENT_FIELDS.filter((f) => f !== "raw" && f !== "extra").map((f, i) => [f, i]);
  if (JSON.stringify(got) !== JSON.stringify(want))
    throw new Error("feed-rows.ts: eventOf does not list the Event schema's fields in order");
}

/** What a row's tag (or the report type, without one) says, worked out once per tag. */
interface TagInfo {
  taxonomy: string;
  type: string;
  identifier: string | undefined;
  application: string | undefined;
}

/** A column that goes to `extra` when it is not used, and its last value (feeds repeat them). */
interface ExtraColumn {
  i: number;
  key: string;
  last: string;
}

/** An event field, the columns that fill it (in order) and its reader. */
interface FieldColumns {
  slot: number;
  columns: number[];
  read: ColumnReader;
}

/** Host + path as a URL: "update-cdn.example" + "/gate.php" → "http://update-cdn.example/gate.php". */
function joinUrl(host: string | undefined, path: string | undefined): string | undefined {
  if (!path) return undefined;
  if (/^(?:https?|ftp):\/\//i.test(path)) return normalizeUrl(path)?.url;
  if (!host || !path.startsWith("/")) return undefined;
  const authority = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return normalizeUrl(`http://${authority}${path}`)?.url;
}

/**
 * Maps the fields of one row to an event, by the layout and the header's column names. The
 * row is a text and the trimmed start and end of each field in it: a field is cut out only
 * when its value is kept. Column positions and per-tag results are worked out once per file.
 */
export class RowMapper implements RowSink<Event> {
  readonly width: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  reason = "";
  private readonly index = new Map<string, number>();
  private readonly extra: ExtraColumn[] = [];
  private readonly used: Uint8Array;
  private readonly observed: string;
  private readonly times = new TimeReader();
  private readonly tags = new Map<string, TagInfo>();
  private readonly untagged: TagInfo | null;
  /** The classification of every row, for a layout without a tag column. */
  private readonly fixed: ReturnType<typeof classify>;
  private readonly service: string;
  private readonly layout: FeedLayout;
  private readonly at: { time: number; address: number; tag: number };
  private readonly fields: FieldColumns[];
  /** The slots this layout fills that change from row to row. */
  private readonly perRow: number[];
  /** The row's values by slot (reset for each row). */
  private readonly values: unknown[];
  private readonly url: {
    slot: number;
    path: number;
    hostColumn: number;
    hostSlots: number[];
  } | null;
  private readonly identifierSlot: number;
  private checked = false;
  private checkEvery = false;
  // the row being mapped
  private src = "";

  constructor(
    readonly header: string[],
    feed: Feed,
    readonly report: { name: string; layout: FeedLayout },
    receivedAt: Date,
  ) {
    header.forEach((name, i) => {
      if (name && !this.index.has(name)) this.index.set(name, i);
    });
    for (const [name, i] of this.index) {
      this.extra.push({ i, key: feed.extraNames.get(name) ?? name, last: "" });
    }
    const layout = report.layout;
    this.layout = layout;
    this.width = header.length;
    // one field more than the header, to count a row with one too many without the careful path
    this.starts = new Int32Array(header.length + 1);
    this.ends = new Int32Array(header.length + 1);
    this.used = new Uint8Array(header.length);
    this.observed = receivedAt.toISOString();
    const at = (c: string | undefined) => (c === undefined ? -1 : (this.index.get(c) ?? -1));
    this.at = {
      time: at(layout.time),
      address: at(layout.address),
      tag: at(layout.classification.tag),
    };
    this.service = layout.classification.service
      ? report.name.replace(layout.classification.service, "")
      : report.name;
    this.untagged = layout.classification.tag === undefined ? null : this.tagInfo(undefined);
    this.fixed = classify(layout.classification.type);
    this.fields = layout.fields
      .map(([field, columns]) => ({
        slot: slot(field),
        columns: columns.map(at).filter((i) => i >= 0),
        read: COLUMN_READERS[field],
      }))
      .filter((f) => f.columns.length > 0);
    this.url = layout.url
      ? {
          slot: slot(layout.url.field),
          path: at(layout.url.path),
          hostColumn: at(layout.url.hostColumn),
          hostSlots: (layout.url.hostFields ?? []).map(slot),
        }
      : null;
    this.identifierSlot =
      layout.classification.identifier === undefined ? -1 : slot(layout.classification.identifier);
    const filled = new Set([
      FEED_NAME,
      FEED_PROVIDER,
      TIME_SOURCE,
      TIME_OBSERVATION,
      TAXONOMY,
      TYPE,
      IDENTIFIER,
      SOURCE_IP,
      APPLICATION,
      ...this.fields.map((f) => f.slot),
      ...(this.url ? [this.url.slot] : []),
    ]);
    const constant = [FEED_NAME, FEED_PROVIDER, TIME_OBSERVATION];
    this.perRow = [...filled].filter((k) => !constant.includes(k));
    this.values = Array.from(EVENT_FIELDS, () => undefined as unknown);
    this.values[FEED_NAME] = report.name;
    this.values[FEED_PROVIDER] = feed.provider;
    this.values[TIME_OBSERVATION] = this.observed;
  }

  /**
   * The schema made the first event differently from how it was built, so it checks every
   * row of this file (slower; the tests make sure it does not happen).
   */
  get checkingEveryRow(): boolean {
    return this.checkEvery;
  }

  /** The trimmed value of field i, undefined when it is empty. */
  private value(i: number): string | undefined {
    if (i < 0) return undefined;
    const s = this.starts[i] as number;
    const e = this.ends[i] as number;
    return s === e ? undefined : this.src.slice(s, e);
  }

  /** The event of a row of `fields` fields, or null with `reason` set. */
  map(src: string, fields: number, raw: string, clean: boolean): Event | null {
    if (fields !== this.width) {
      this.reason = `the row has ${fields} fields, the header has ${this.width}`;
      return null;
    }
    this.src = src;
    const starts = this.starts;
    const ends = this.ends;
    const used = this.used;
    used.fill(0);
    const values = this.values;

    let time: string | undefined;
    const ts = this.at.time;
    if (ts >= 0 && starts[ts] !== ends[ts]) {
      const iso = this.times.read(src, starts[ts] as number, ends[ts] as number);
      if (iso === null) {
        this.reason = `${this.layout.time} "${clip(this.value(ts) as string)}" is not "YYYY-MM-DD HH:MM:SS"`;
        return null;
      }
      time = iso;
      used[ts] = 1;
    }

    const ipAt = this.at.address;
    if (ipAt < 0 || starts[ipAt] === ends[ipAt]) {
      this.reason = `"${this.layout.address}" is empty`;
      return null;
    }
    const ip = ipAddress(src, starts[ipAt] as number, ends[ipAt] as number);
    if (ip === null) {
      this.reason = `"${this.layout.address}" is not an IP address: "${clip(this.value(ipAt) as string)}"`;
      return null;
    }
    used[ipAt] = 1;

    const perRow = this.perRow;
    for (let k = 0; k < perRow.length; k++) values[perRow[k] as number] = undefined;
    values[TIME_SOURCE] = time;
    values[SOURCE_IP] = ip;
    this.classify();
    const fieldColumns = this.fields;
    for (let k = 0; k < fieldColumns.length; k++) this.take(fieldColumns[k] as FieldColumns);
    if (this.url !== null || this.identifierSlot >= 0) this.derive();

    const e = eventOf(values);
    const extra = this.extraOf(src);
    e.raw = raw;
    if (extra) e.extra = extra;

    // a chunk with a NUL somewhere: only its rows that hold one need the schema
    const storable = clean || storableText(raw) === raw;
    if (this.checked && !this.checkEvery && storable) return e as Event;
    return this.checkedEvent(e);
  }

  /**
   * The event by the Event schema: for the first row of a file, for rows to be made
   * storable, and for every row once the schema and the mapping have differed.
   */
  private checkedEvent(e: Record<string, unknown>): Event | null {
    const first = !this.checked;
    this.checked = true;
    const parsed = Event.safeParse(e);
    if (!parsed.success) {
      this.checkEvery = true;
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      this.reason = `not a valid event: ${issues}`;
      return null;
    }
    if (first && canonicalJson(parsed.data) !== canonicalJson(e)) this.checkEvery = true;
    return parsed.data;
  }

  /** The fields made of other fields: a URL of host and path, the identifier. */
  private derive(): void {
    const values = this.values;
    const url = this.url;
    if (url !== null) {
      let host: string | undefined;
      if (url.hostColumn >= 0) host = this.value(url.hostColumn);
      else for (const s of url.hostSlots) host ??= values[s] as string | undefined;
      const joined = joinUrl(host, this.value(url.path));
      if (joined !== undefined) {
        values[url.slot] = joined;
        this.used[url.path] = 1;
      }
    }
    if (this.identifierSlot >= 0 && values[this.identifierSlot] !== undefined) {
      values[IDENTIFIER] = values[this.identifierSlot];
    }
  }

  /** The columns no field took, by their names (feeds repeat values: the last is reused). */
  private extraOf(src: string): Record<string, string> | undefined {
    const used = this.used;
    const starts = this.starts;
    const ends = this.ends;
    let extra: Record<string, string> | undefined;
    for (const c of this.extra) {
      const i = c.i;
      if (used[i] === 1) continue;
      const s = starts[i] as number;
      const end = ends[i] as number;
      if (s === end) continue;
      let v = c.last;
      if (v.length !== end - s || !src.startsWith(v, s)) {
        v = src.slice(s, end);
        c.last = v;
      }
      extra ??= {};
      extra[c.key] = v;
    }
    return extra;
  }

  /** The classification fields: the layout's type, or what the row's tag says. */
  private classify(): void {
    const values = this.values;
    if (this.untagged === null) {
      values[TAXONOMY] = this.fixed["classification.taxonomy"];
      values[TYPE] = this.fixed["classification.type"];
      return;
    }
    let t = this.untagged;
    const tag = this.value(this.at.tag);
    if (tag !== undefined) {
      let info = this.tags.get(tag);
      if (info === undefined) {
        if (this.tags.size >= 10_000) this.tags.clear();
        info = this.tagInfo(tag);
        this.tags.set(tag, info);
      }
      t = info;
      this.used[this.at.tag] = 1;
    }
    values[TAXONOMY] = t.taxonomy;
    values[TYPE] = t.type;
    values[IDENTIFIER] = t.identifier;
    values[APPLICATION] = t.application;
  }

  private tagInfo(tag: string | undefined): TagInfo {
    const c = this.layout.classification;
    const parts = (tag ?? this.service).split(/[;,]/).map(serviceName).filter(Boolean);
    // the first part with a type of its own, else the report type's service
    const named = parts.find((p) => c.types.has(p)) ?? serviceName(this.service);
    const fields = classify(c.types.get(named) ?? c.type);
    return {
      taxonomy: fields["classification.taxonomy"],
      type: fields["classification.type"],
      identifier: tag !== undefined ? tag.toLowerCase() : this.service || undefined,
      application: parts[0],
    };
  }

  /**
   * Sets a field from the first of its columns whose value fits; a later column stays for
   * `extra` unless it says the same.
   */
  private take(f: FieldColumns): void {
    const values = this.values;
    const columns = f.columns;
    for (let k = 0; k < columns.length; k++) {
      const i = columns[k] as number;
      const s = this.starts[i] as number;
      const e = this.ends[i] as number;
      if (s === e) continue;
      const v = f.read(this.src, s, e);
      if (v === null) continue;
      const current = values[f.slot];
      if (current === undefined) values[f.slot] = v;
      if (current === undefined || current === v) this.used[i] = 1;
    }
  }
}
