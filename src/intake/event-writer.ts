import * as crypto from "node:crypto";
import { sha256Hex } from "../domain/canonical-json.ts";
import { DEDUP_FIELDS, dedupKey, type Event } from "../domain/event.ts";
import { storableJsonText } from "../domain/storable.ts";
import type { SqlRunner } from "../store/database.ts";

// Raw SQL: this is the import's hot path, every event of every report. It takes advisory
// locks, finds keys with a LATERAL probe over unnest, draws ids from the sequence, feeds
// COPY, and writes whole batches through unnest'ed arrays: none of which drizzle can say,
// and its row mapping would cost per event what the batching saves.

const BATCH = 1000;
const DEDUP_LOCK = 7_140_003;

export interface WriteResult {
  stored: number;
  duplicates: number;
}

/** Too many events in one report: the caller quarantines it. */
export class TooManyEvents extends Error {
  constructor(readonly limit: number) {
    super(`the report yields more than ${limit} events (MOGURA_MAX_EVENTS_PER_REPORT)`);
  }
}

const seenAt = (e: Event) => e["time.source"] ?? e["time.observation"];

// dedupKey's canonical JSON written out directly: the fields in the order canonicalJson
// sorts them, each with its name already quoted. It runs once per event of every report.
const KEY_FIELDS = [...DEDUP_FIELDS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const KEY_NAMES = KEY_FIELDS.map((f) => `${JSON.stringify(f)}:`);

/** sha256Hex, in one call where Node has it (20.12 on): a third of the time. */
const sha256 =
  typeof crypto.hash === "function" ? (s: string) => crypto.hash("sha256", s, "hex") : sha256Hex;

/** dedupKey(e), the same text hashed, without building and sorting the picked object. */
function keyOf(e: Event): string {
  let json = "{";
  for (let i = 0; i < KEY_FIELDS.length; i++) {
    const v = e[KEY_FIELDS[i] as (typeof KEY_FIELDS)[number]];
    if (v === undefined) continue;
    // anything but a string or a finite number is left to canonicalJson itself
    if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v))) return dedupKey(e);
    if (json.length > 1) json += ",";
    json += KEY_NAMES[i] + JSON.stringify(v);
  }
  return sha256(`${json}}`);
}

interface Keyed {
  key: string;
  seen: string;
  /** The event, for an INSERT; with COPY its row is written already and the event let go. */
  e: Event | null;
  /** With COPY: where the event's row, all but the id in front, is in the batch's rows. */
  start: number;
  end: number;
}

/**
 * A batch of COPY rows, encoded as they are read. Kept off the JavaScript heap: a batch
 * waiting for the database would otherwise be copied by every young-generation collection
 * in between, which cost more than writing the rows.
 */
class CopyRows {
  buf: Buffer;
  length = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  append(s: string) {
    const room = s.length * 3; // the most UTF-8 bytes a UTF-16 code unit takes
    if (this.length + room > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + room));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(s, this.length);
  }
}

interface Batch {
  items: Keyed[];
  rows: CopyRows | null;
}

/**
 * Stores a report's events in batches. An event whose dedup key was stored within the
 * window (by this report or an earlier one) is counted on that event instead: its
 * seen_count grows, its last_seen moves on, and the report is recorded as a sighting.
 * On a PostgreSQL server new events are sent with COPY, much cheaper than an INSERT of the
 * same rows on both sides; PGlite, which has no COPY stream, gets the INSERT.
 */
export async function writeEvents(
  tx: SqlRunner,
  reportId: string,
  events: Iterable<Event> | AsyncIterable<Event>,
  opts: { windowHours: number; maxEvents: number },
): Promise<WriteResult> {
  const w = new BatchWriter(tx, reportId, new Date(Date.now() - opts.windowHours * 3_600_000));
  const copy = tx.copyFrom !== undefined;
  const copyReportId = copyText(reportId);
  let rowBytes = 1 << 16; // grows to what a batch of this report takes, for the next one to start at
  const nextBatch = (): Batch => ({ items: [], rows: copy ? new CopyRows(rowBytes) : null });
  let batch = nextBatch();
  let counted = 0;
  // One batch is written while the next is read: on a database server the two overlap.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.items.length === 0) return;
    const full = batch;
    rowBytes = full.rows?.buf.length ?? rowBytes;
    batch = nextBatch();
    await writing;
    writing = w.write(full);
    writing.catch(() => {}); // awaited later; not an unhandled rejection meanwhile
  };
  try {
    for await (const e of events) {
      if (++counted > opts.maxEvents) throw new TooManyEvents(opts.maxEvents);
      // Keyed, and with COPY written as a row, here, while the previous batch is with the
      // database: what is left to do between a batch's lookup and its COPY is little.
      const key = keyOf(e);
      const seen = seenAt(e);
      const rows = batch.rows;
      if (rows) {
        const start = rows.length;
        rows.append(copyRow(copyReportId, key, seen, e));
        batch.items.push({ key, seen, e: null, start, end: rows.length });
      } else {
        batch.items.push({ key, seen, e, start: 0, end: 0 });
      }
      if (batch.items.length >= BATCH) await flush();
      // A parser that reads from memory never waits, and the database's answers would wait
      // for a whole batch to be read: now and then they get their turn.
      else if ((counted & 127) === 0) await new Promise(setImmediate);
    }
  } catch (e) {
    // nothing of this report may reach the database after the caller's rollback
    await writing.catch(() => {});
    throw e;
  }
  await flush();
  await writing;
  return w.result;
}

/**
 * The newest event within the window for each key. One index probe per key: the same as a
 * DISTINCT ON over `dedup_key = ANY(…)`, but that one the planner turns into a scan of the
 * whole table when it has no statistics yet (a new database, a large first report), which
 * makes a large report's import quadratic.
 */
const FIND = `SELECT e.id, k AS dedup_key FROM unnest($1::text[]) AS k,
    LATERAL (SELECT id FROM events WHERE dedup_key = k AND last_reported_at >= $2
              ORDER BY last_reported_at DESC LIMIT 1) AS e`;
/** FIND, and an id drawn from the sequence for each key not found (COPY has no RETURNING). */
const FIND_AND_NUMBER = `WITH found AS MATERIALIZED (${FIND})
  SELECT id, dedup_key FROM found
  UNION ALL
  SELECT nextval((SELECT pg_get_serial_sequence('events', 'id'))::regclass), NULL
    FROM generate_series(1, $3::int - (SELECT count(*)::int FROM found))`;

const COPY_EVENTS =
  "COPY events (id, report_id, dedup_key, classification_type, data, first_seen, last_seen) FROM STDIN";

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};
/** A value for COPY's text format, where a backslash, tab or line end would be read as syntax. */
const copyText = (s: string) =>
  COPY_SPECIAL.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] as string) : s;

/** An event's COPY row after its id: JSON has no raw tab or line end, only backslashes to double. */
function copyRow(reportId: string, key: string, seenAt: string, e: Event): string {
  const json = eventJson(e);
  const seen = copyText(seenAt);
  return `\t${reportId}\t${key}\t${copyText(e["classification.type"])}\t${json.includes("\\") ? json.replaceAll("\\", "\\\\") : json}\t${seen}\t${seen}\n`;
}

/**
 * An event as jsonb accepts it. Nearly every event is clean, and for it the one test is a
 * search for a backslash-u in text that JSON.stringify wrote anyway.
 */
function eventJson(e: Event): string {
  const json = JSON.stringify(e);
  return json.includes("\\u") ? storableJsonText(e) : json;
}

/** A sighting count: how often, and the latest time seen. */
interface Sightings {
  count: number;
  last: string;
}

class BatchWriter {
  readonly result: WriteResult = { stored: 0, duplicates: 0 };
  private readonly known = new Map<string, number>(); // dedup key → event id, for repeats inside this report
  private readonly locked = new Set<number>(); // dedup lock buckets this transaction holds
  private readonly copy: boolean;

  constructor(
    private readonly tx: SqlRunner,
    private readonly reportId: string,
    private readonly since: Date,
  ) {
    this.copy = tx.copyFrom !== undefined;
  }

  async write(batch: Batch) {
    const { tx, known, locked, copy } = this;
    const keyed = batch.items;
    const unknownKeys = [...new Set(keyed.map((k) => k.key).filter((k) => !known.has(k)))];
    const newIds: string[] = []; // with COPY: ids drawn for the keys not found, in order
    if (unknownKeys.length > 0) {
      // Two processes writing the same new event at once would both find nothing and both
      // insert. Keys are locked by bucket (the first byte of the key: 256 buckets, so a large
      // feed takes a bounded number of locks) until the transaction ends.
      const buckets =
        locked.size === 256
          ? []
          : [...new Set(unknownKeys.map((k) => Number.parseInt(k.slice(0, 2), 16)))].filter(
              (b) => !locked.has(b),
            );
      if (buckets.length > 0) {
        await tx.query(
          "SELECT pg_advisory_xact_lock($1, b) FROM unnest($2::int[]) AS b ORDER BY b",
          [DEDUP_LOCK, buckets.sort((a, b) => a - b)],
        );
        for (const b of buckets) locked.add(b);
      }
      const rows = await tx.query<{ id: string; dedup_key: string | null }>(
        copy ? FIND_AND_NUMBER : FIND,
        copy ? [unknownKeys, this.since, unknownKeys.length] : [unknownKeys, this.since],
      );
      for (const r of rows) {
        if (r.dedup_key === null) newIds.push(r.id);
        else known.set(r.dedup_key, Number(r.id));
      }
    }

    const fresh: Keyed[] = [];
    const freshKeys = new Set<string>();
    const repeats = new Map<number, Sightings>(); // event id → sightings
    const freshRepeats = new Map<string, Sightings>(); // key → sightings
    const bump = <K>(m: Map<K, Sightings>, k: K, seen: string) => {
      const r = m.get(k) ?? { count: 0, last: seen };
      r.count++;
      if (seen > r.last) r.last = seen;
      m.set(k, r);
    };
    for (const k of keyed) {
      const id = known.get(k.key);
      if (id !== undefined) bump(repeats, id, k.seen);
      else if (freshKeys.has(k.key)) bump(freshRepeats, k.key, k.seen);
      else {
        fresh.push(k);
        freshKeys.add(k.key);
      }
    }
    this.result.duplicates += keyed.length - fresh.length;

    if (fresh.length > 0) {
      if (copy) await this.copyFresh(fresh, newIds, batch.rows as CopyRows);
      else await this.insertFresh(fresh);
      for (const [key, r] of freshRepeats) repeats.set(known.get(key) as number, r);
    }

    if (repeats.size > 0) {
      const ids = [...repeats.keys()];
      await tx.query(
        `UPDATE events AS e SET seen_count = e.seen_count + u.c, last_seen = greatest(e.last_seen, u.l::timestamptz),
             last_reported_at = now()
           FROM unnest($1::bigint[], $2::int[], $3::text[]) AS u(id, c, l) WHERE e.id = u.id`,
        [ids, ids.map((id) => repeats.get(id)?.count ?? 0), ids.map((id) => repeats.get(id)?.last)],
      );
      await tx.query(
        `INSERT INTO event_sightings (event_id, report_id)
         SELECT e.id, $2 FROM events e WHERE e.id = ANY($1::bigint[]) AND e.report_id <> $2
         ON CONFLICT DO NOTHING`,
        [ids, this.reportId],
      );
    }
  }

  /** New events by COPY, with the ids drawn for them. */
  private async copyFresh(fresh: Keyed[], newIds: string[], rows: CopyRows) {
    if (newIds.length !== fresh.length) {
      throw new Error(`drew ${newIds.length} event ids for ${fresh.length} new events`);
    }
    let size = 0;
    for (let i = 0; i < fresh.length; i++) {
      const f = fresh[i] as Keyed;
      size += f.end - f.start + (newIds[i] as string).length;
    }
    const data = Buffer.allocUnsafe(size);
    let at = 0;
    for (let i = 0; i < fresh.length; i++) {
      const f = fresh[i] as Keyed;
      const id = newIds[i] as string;
      at += data.write(id, at, "latin1");
      at += rows.buf.copy(data, at, f.start, f.end);
      this.known.set(f.key, Number(id));
    }
    const copyFrom = this.tx.copyFrom as NonNullable<SqlRunner["copyFrom"]>;
    this.result.stored += await copyFrom(COPY_EVENTS, data);
  }

  /** New events by INSERT, their ids returned. */
  private async insertFresh(fresh: Keyed[]) {
    const inserted = await this.tx.query<{ id: string; dedup_key: string }>(
      `INSERT INTO events (report_id, dedup_key, classification_type, data, first_seen, last_seen)
       SELECT $1, k, t, d::jsonb, s::timestamptz, s::timestamptz
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, t, d, s)
       RETURNING id, dedup_key`,
      [
        this.reportId,
        fresh.map((f) => f.key),
        fresh.map((f) => (f.e as Event)["classification.type"]),
        fresh.map((f) => eventJson(f.e as Event)),
        fresh.map((f) => f.seen),
      ],
    );
    for (const r of inserted) this.known.set(r.dedup_key, Number(r.id));
    this.result.stored += inserted.length;
  }
}
