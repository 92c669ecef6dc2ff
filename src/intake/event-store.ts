import type { SqlRunner } from "../store/database.ts";

/**
 * The events table as other modules change it: routing puts events on cases, merging and
 * splitting move them between cases. The intake module owns `events`; event-writer.ts
 * stores new ones, and every other write goes through here.
 */

/** Puts routed events on their cases, each with how it was resolved; events already on a case stay. */
export async function assignEventsToCases(
  db: SqlRunner,
  eventIds: readonly string[],
  caseIds: readonly (string | number)[],
  resolutions: readonly string[],
): Promise<void> {
  await db.query(
    `UPDATE events AS e SET case_id = u.c, resolution = u.r::jsonb
       FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS u(id, c, r)
      WHERE e.id = u.id AND e.case_id IS NULL`,
    [eventIds, caseIds, resolutions],
  );
}

/** Moves every event of one case onto another (a merge); returns the ids moved. */
export async function moveAllEvents(
  db: SqlRunner,
  fromCase: number | string,
  toCase: number | string,
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "UPDATE events SET case_id = $1 WHERE case_id = $2 RETURNING id",
    [toCase, fromCase],
  );
  return rows.map((r) => r.id);
}

/** Moves the given events onto a case (a split). */
export async function moveEvents(
  db: SqlRunner,
  eventIds: readonly number[],
  toCase: number | string,
): Promise<void> {
  await db.query("UPDATE events SET case_id = $1 WHERE id = ANY($2::bigint[])", [toCase, eventIds]);
}

/** Which of these events are on the case. */
export async function eventsOnCase(
  db: SqlRunner,
  caseId: number | string,
  eventIds: readonly number[],
): Promise<number[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM events WHERE case_id = $1 AND id = ANY($2::bigint[])",
    [caseId, eventIds],
  );
  return rows.map((r) => Number(r.id));
}

/** A report's events not on a case yet, in id order after `afterId`, at most `limit`. */
export function unroutedEvents(db: SqlRunner, reportId: string, afterId: string, limit: number) {
  return db.query<{ id: string; classification_type: string; data: Record<string, unknown> }>(
    `SELECT id, classification_type, data FROM events
      WHERE report_id = $1 AND case_id IS NULL AND id > $2 ORDER BY id LIMIT ${Number(limit)}`,
    [reportId, afterId],
  );
}

/** Reports that still have events without a case (a crash between parsing and routing). */
export async function reportsWithUnroutedEvents(db: SqlRunner, limit = 100): Promise<string[]> {
  const rows = await db.query<{ report_id: string }>(
    `SELECT DISTINCT report_id FROM events WHERE case_id IS NULL LIMIT ${Number(limit)}`,
  );
  return rows.map((r) => r.report_id);
}

/**
 * What a report led to: the events it stored, the earlier events it was counted on, and
 * the cases either sit on (at most 1,000 of each).
 */
export async function outcomeOfReport(db: SqlRunner, reportId: string) {
  const events = await db.query<{ id: string }>(
    "SELECT id FROM events WHERE report_id = $1 ORDER BY id LIMIT 1000",
    [reportId],
  );
  const sighted = await db.query<{ event_id: string }>(
    "SELECT event_id FROM event_sightings WHERE report_id = $1 ORDER BY event_id LIMIT 1000",
    [reportId],
  );
  const cases = await db.query<{ case_id: string }>(
    `SELECT case_id FROM events WHERE report_id = $1 AND case_id IS NOT NULL
     UNION
     SELECT e.case_id FROM event_sightings s JOIN events e ON e.id = s.event_id
      WHERE s.report_id = $1 AND e.case_id IS NOT NULL
     ORDER BY 1 LIMIT 1000`,
    [reportId],
  );
  return {
    case_ids: cases.map((c) => Number(c.case_id)),
    event_ids: events.map((e) => String(e.id)),
    sighted_event_ids: sighted.map((e) => String(e.event_id)),
  };
}

/** How many events wait for their case. */
export async function unroutedEventCount(db: SqlRunner): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM events WHERE case_id IS NULL",
  );
  return r?.n ?? 0;
}
