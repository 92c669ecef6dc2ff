import { storableJsonText } from "../domain/storable.ts";
import type { SqlRunner } from "../store/database.ts";

/**
 * What other modules may write about a case: its timeline, and the facts that notices and
 * customers' replies set. The cases module owns the `cases` and `case_timeline` tables;
 * everyone else goes through these functions.
 */

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
export async function caseExists(db: SqlRunner, caseId: number | string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM cases WHERE id = $1", [caseId]);
  return rows.length > 0;
}

/** Who holds the resource of a case: its customer (if any) and the ownership; null: no such case. */
export async function holderOfCase(
  db: SqlRunner,
  caseId: number | string,
): Promise<{ customer_id: string | null; ownership: string } | null> {
  const [c] = await db.query<{ customer_id: string | null; ownership: string }>(
    "SELECT customer_id, ownership FROM cases WHERE id = $1",
    [caseId],
  );
  return c ?? null;
}

/** How many cases there are. */
export async function caseCount(db: SqlRunner): Promise<number> {
  const [r] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases");
  return r?.n ?? 0;
}

/** The first case of a type on a service, or null. */
export async function firstCaseOn(
  db: SqlRunner,
  serviceId: string,
  classificationType: string,
): Promise<number | null> {
  const [r] = await db.query<{ id: string | number }>(
    "SELECT id FROM cases WHERE service_id = $1 AND classification_type = $2 ORDER BY id LIMIT 1",
    [serviceId, classificationType],
  );
  // bigint ids come back as strings from PostgreSQL, as numbers from PGlite
  return r ? Number(r.id) : null;
}

/** Customers' cases in id order, but one, at most `limit`. */
export async function customerCases(db: SqlRunner, except: number, limit: number) {
  const rows = await db.query<{ id: string | number; classification_type: string }>(
    `SELECT id, classification_type FROM cases WHERE id <> $1 AND ownership = 'customer'
      ORDER BY id LIMIT ${Number(limit)}`,
    [except],
  );
  return rows.map((r) => ({ id: Number(r.id), classification_type: r.classification_type }));
}
