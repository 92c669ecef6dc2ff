import { and, asc, count, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db, SqlRunner, Tx } from "../store/database.ts";
import { eventSightings, events } from "../store/schema.ts";

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
  // Raw SQL: routing writes every event of a report, a batch at a time, each with its own
  // case and resolution: one UPDATE joined to unnest'ed arrays, which drizzle cannot say.
  await db.query(
    `UPDATE events AS e SET case_id = u.c, resolution = u.r::jsonb
       FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS u(id, c, r)
      WHERE e.id = u.id AND e.case_id IS NULL`,
    [eventIds, caseIds, resolutions],
  );
}

/** Moves every event of one case onto another (a merge); returns the ids moved. */
export async function moveAllEvents(
  db: { db: Db },
  fromCase: number | string,
  toCase: number | string,
): Promise<string[]> {
  const rows = await db.db
    .update(events)
    .set({ caseId: Number(toCase) })
    .where(eq(events.caseId, Number(fromCase)))
    .returning({ id: events.id });
  return rows.map((r) => String(r.id));
}

/** Moves the given events onto a case (a split). */
export async function moveEvents(
  db: { db: Db },
  eventIds: readonly number[],
  toCase: number | string,
): Promise<void> {
  await db.db
    .update(events)
    .set({ caseId: Number(toCase) })
    .where(inArray(events.id, [...eventIds]));
}

/** Which of these events are on the case. */
export async function eventsOnCase(
  db: { db: Db },
  caseId: number | string,
  eventIds: readonly number[],
): Promise<number[]> {
  const rows = await db.db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.caseId, Number(caseId)), inArray(events.id, [...eventIds])));
  return rows.map((r) => Number(r.id));
}

/** A report's events not on a case yet, in id order after `afterId`, at most `limit`. */
export async function unroutedEvents(
  db: { db: Db },
  reportId: string,
  afterId: string,
  limit: number,
): Promise<{ id: string; classification_type: string; data: Record<string, unknown> }[]> {
  const rows = await db.db
    .select({ id: events.id, classification_type: events.classificationType, data: events.data })
    .from(events)
    .where(
      and(eq(events.reportId, reportId), isNull(events.caseId), gt(events.id, Number(afterId))),
    )
    .orderBy(asc(events.id))
    .limit(Number(limit));
  return rows.map((r) => ({
    id: String(r.id),
    classification_type: r.classification_type,
    data: r.data as Record<string, unknown>,
  }));
}

/** Reports that still have events without a case (a crash between parsing and routing). */
export async function reportsWithUnroutedEvents(db: { db: Db }, limit = 100): Promise<string[]> {
  const rows = await db.db
    .selectDistinct({ report_id: events.reportId })
    .from(events)
    .where(isNull(events.caseId))
    .limit(Number(limit));
  return rows.map((r) => r.report_id);
}

/**
 * What a report led to: the events it stored, the earlier events it was counted on, and
 * the cases either sit on (at most 1,000 of each).
 */
export async function outcomeOfReport(db: Tx, reportId: string) {
  const stored = await db.db
    .select({ id: events.id })
    .from(events)
    .where(eq(events.reportId, reportId))
    .orderBy(asc(events.id))
    .limit(1000);
  const sighted = await db.db
    .select({ event_id: eventSightings.eventId })
    .from(eventSightings)
    .where(eq(eventSightings.reportId, reportId))
    .orderBy(asc(eventSightings.eventId))
    .limit(1000);
  // Raw SQL: the cases of both the report's own events and those it sighted, one ordered
  // UNION over a join; drizzle's union builder would be longer and no clearer.
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
    event_ids: stored.map((e) => String(e.id)),
    sighted_event_ids: sighted.map((e) => String(e.event_id)),
  };
}

/** How many events wait for their case. */
export async function unroutedEventCount(db: { db: Db }): Promise<number> {
  const [r] = await db.db.select({ n: count() }).from(events).where(isNull(events.caseId));
  return r?.n ?? 0;
}
