import type { SqlRunner } from "../store/database.ts";

/**
 * The next tracking number, `<prefix>-<year>-<6 digits>`; the sequence restarts each
 * (UTC) year. Taken inside the caller's transaction, so a rolled-back report frees nothing
 * and two concurrent reports never share a number.
 */
export async function nextTrackingNumber(tx: SqlRunner, prefix: string, at: Date): Promise<string> {
  const year = at.getUTCFullYear();
  const [row] = await tx.query<{ last: number }>(
    `INSERT INTO tracking_sequences (prefix, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last = tracking_sequences.last + 1
     RETURNING last`,
    [prefix, year],
  );
  return `${prefix}-${year}-${String(row?.last ?? 0).padStart(6, "0")}`;
}
