import { dedupKey, type Event } from "../domain/event.ts";
import type { SqlRunner } from "../store/database.ts";

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

/**
 * Stores a report's events in batches. An event whose dedup key was stored within the
 * window (by this report or an earlier one) is counted on that event instead: its
 * seen_count grows, its last_seen moves on, and the report is recorded as a sighting.
 */
export async function writeEvents(
  tx: SqlRunner,
  reportId: string,
  events: Iterable<Event> | AsyncIterable<Event>,
  opts: { windowHours: number; maxEvents: number },
): Promise<WriteResult> {
  const known = new Map<string, number>(); // dedup key → event id, for repeats inside this report
  const locked = new Set<number>(); // dedup lock buckets this transaction holds
  const since = new Date(Date.now() - opts.windowHours * 3_600_000);
  const result: WriteResult = { stored: 0, duplicates: 0 };
  let batch: Event[] = [];
  let counted = 0;
  // One batch is written while the next is read: on a database server the two overlap.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    await writing;
    writing = writeBatch(tx, reportId, full, known, locked, since, result);
    writing.catch(() => {}); // awaited later; not an unhandled rejection meanwhile
  };
  for await (const e of events) {
    if (++counted > opts.maxEvents) {
      await writing.catch(() => {});
      throw new TooManyEvents(opts.maxEvents);
    }
    batch.push(e);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await writing;
  return result;
}

async function writeBatch(
  tx: SqlRunner,
  reportId: string,
  batch: Event[],
  known: Map<string, number>,
  locked: Set<number>,
  since: Date,
  result: WriteResult,
) {
  const keyed = batch.map((e) => ({ e, key: dedupKey(e) }));
  const unknownKeys = [...new Set(keyed.map((k) => k.key).filter((k) => !known.has(k)))];
  if (unknownKeys.length > 0) {
    // Two processes writing the same new event at once would both find nothing and both
    // insert. Keys are locked by bucket (the first byte of the key: 256 buckets, so a large
    // feed takes a bounded number of locks) until the transaction ends.
    const buckets = [...new Set(unknownKeys.map((k) => Number.parseInt(k.slice(0, 2), 16)))].filter(
      (b) => !locked.has(b),
    );
    if (buckets.length > 0) {
      await tx.query("SELECT pg_advisory_xact_lock($1, b) FROM unnest($2::int[]) AS b ORDER BY b", [
        DEDUP_LOCK,
        buckets.sort((a, b) => a - b),
      ]);
      for (const b of buckets) locked.add(b);
    }
    const rows = await tx.query<{ id: string; dedup_key: string }>(
      `SELECT DISTINCT ON (dedup_key) id, dedup_key FROM events
        WHERE dedup_key = ANY($1::text[]) AND last_reported_at >= $2
        ORDER BY dedup_key, last_reported_at DESC`,
      [unknownKeys, since],
    );
    for (const r of rows) known.set(r.dedup_key, Number(r.id));
  }

  const fresh: { e: Event; key: string }[] = [];
  const freshKeys = new Set<string>();
  const repeats = new Map<number, { count: number; last: string }>(); // event id → sightings
  const freshRepeats = new Map<string, { count: number; last: string }>(); // key → sightings
  const bump = <K>(m: Map<K, { count: number; last: string }>, k: K, e: Event) => {
    const r = m.get(k) ?? { count: 0, last: seenAt(e) };
    r.count++;
    if (seenAt(e) > r.last) r.last = seenAt(e);
    m.set(k, r);
  };
  for (const k of keyed) {
    const id = known.get(k.key);
    if (id !== undefined) bump(repeats, id, k.e);
    else if (freshKeys.has(k.key)) bump(freshRepeats, k.key, k.e);
    else {
      fresh.push(k);
      freshKeys.add(k.key);
    }
  }
  result.duplicates += keyed.length - fresh.length;

  if (fresh.length > 0) {
    const inserted = await tx.query<{ id: string; dedup_key: string }>(
      `INSERT INTO events (report_id, dedup_key, classification_type, data, first_seen, last_seen)
       SELECT $1, k, t, d::jsonb, s::timestamptz, s::timestamptz
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, t, d, s)
       RETURNING id, dedup_key`,
      [
        reportId,
        fresh.map((f) => f.key),
        fresh.map((f) => f.e["classification.type"]),
        fresh.map((f) => JSON.stringify(f.e)),
        fresh.map((f) => seenAt(f.e)),
      ],
    );
    for (const r of inserted) known.set(r.dedup_key, Number(r.id));
    result.stored += inserted.length;
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
      [ids, reportId],
    );
  }
}
