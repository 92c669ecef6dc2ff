import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { storableJsonText } from "../domain/storable.ts";
import type { Db, SqlRunner, Tx } from "../store/database.ts";
import { cases } from "../store/schema.ts";

/**
 * What other modules may write about a case: its timeline, and the facts that notices and
 * customers' replies set. The cases module owns the `cases` and `case_timeline` tables;
 * everyone else goes through these functions.
 */

// Raw SQL: the writes below run inside their callers' transactions, several of which hand on
// a bare SqlRunner (the router's, the ledger's); one statement each, a bulk unnest for the
// timeline.

/** One timeline entry on each of the cases (the same kind, actor and detail). */
export async function addTimeline(
  db: SqlRunner,
  caseIds: number | string | readonly (number | string)[],
  kind: string,
  actor: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const ids = Array.isArray(caseIds) ? caseIds : [caseIds];
  if (ids.length === 0) return;
  await db.query(
    `INSERT INTO case_timeline (case_id, kind, actor, detail)
     SELECT c, $2, $3, $4::jsonb FROM unnest($1::bigint[]) AS c`,
    [ids, kind, actor, storableJsonText(detail)],
  );
}

/** A customer notice went out (or was queued) for these cases. */
export async function markNotified(db: SqlRunner, caseIds: readonly (number | string)[]) {
  await db.query("UPDATE cases SET notified_at = now() WHERE id = ANY($1::bigint[])", [caseIds]);
}

/** The customer says the problem is fixed (the reply's "fixed" mark). */
export async function markCustomerFixed(db: SqlRunner, caseId: number | string) {
  await db.query(
    "UPDATE cases SET customer_reported_fixed_at = now(), updated_at = now() WHERE id = $1",
    [caseId],
  );
}

/** Whether there is a case with this id. */
export async function caseExists(db: { db: Db }, caseId: number): Promise<boolean> {
  const rows = await db.db
    .select({ id: cases.id })
    .from(cases)
    .where(eq(cases.id, caseId))
    .limit(1);
  return rows.length > 0;
}

/** Who holds the resource of a case: its customer (if any) and the ownership; null: no such case. */
export async function holderOfCase(
  db: { db: Db },
  caseId: number,
): Promise<{ customer_id: string | null; ownership: string } | null> {
  const [c] = await db.db
    .select({ customer_id: cases.customerId, ownership: cases.ownership })
    .from(cases)
    .where(eq(cases.id, caseId))
    .limit(1);
  return c ?? null;
}

/** How many cases there are. */
export async function caseCount(db: { db: Db }): Promise<number> {
  const [r] = await db.db.select({ n: count() }).from(cases);
  return r?.n ?? 0;
}

/** The first case of a type on a service, or null. */
export async function firstCaseOn(
  db: { db: Db },
  serviceId: string,
  classificationType: string,
): Promise<number | null> {
  const [r] = await db.db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.serviceId, serviceId), eq(cases.classificationType, classificationType)))
    .orderBy(asc(cases.id))
    .limit(1);
  return r ? Number(r.id) : null;
}

/** Customers' cases in id order, but one, at most `limit`. */
export async function customerCases(db: { db: Db }, except: number, limit: number) {
  return db.db
    .select({ id: cases.id, classification_type: cases.classificationType })
    .from(cases)
    .where(and(ne(cases.id, except), eq(cases.ownership, "customer")))
    .orderBy(asc(cases.id))
    .limit(limit);
}

/**
 * A case's resource came back: elsewhere (the same kit on a new domain, the same domain on a
 * new address) or at the same place after it was down. The case is marked re-emerged (the
 * queue shows it), and both cases' timelines say why and link each other.
 */
export async function markReemerged(
  tx: Tx,
  caseId: number,
  reason: { kind: string; detail: Record<string, unknown>; originalCaseId?: number },
): Promise<void> {
  await tx.db
    .update(cases)
    .set({
      reemerged: true,
      reemergedCount: sql`${cases.reemergedCount} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(cases.id, caseId));
  await addTimeline(tx, caseId, "reemerged", "system", {
    reason: reason.kind,
    ...(reason.originalCaseId ? { original_case_id: reason.originalCaseId } : {}),
    ...reason.detail,
  });
  if (reason.originalCaseId && reason.originalCaseId !== caseId) {
    await addTimeline(tx, reason.originalCaseId, "reemerged", "system", {
      reason: reason.kind,
      seen_again_on_case_id: caseId,
      ...reason.detail,
    });
  }
}
