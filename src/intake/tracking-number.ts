import { sql } from "drizzle-orm";
import type { Db } from "../store/database.ts";
import { trackingSequences } from "../store/schema.ts";

/**
 * The next tracking number, `<prefix>-<year>-<6 digits>`; the sequence restarts each
 * (UTC) year. Taken inside the caller's transaction, so a rolled-back report frees nothing
 * and two concurrent reports never share a number.
 */
export async function nextTrackingNumber(
  tx: { db: Db },
  prefix: string,
  at: Date,
): Promise<string> {
  const year = at.getUTCFullYear();
  const [row] = await tx.db
    .insert(trackingSequences)
    .values({ prefix, year, last: 1 })
    .onConflictDoUpdate({
      target: [trackingSequences.prefix, trackingSequences.year],
      set: { last: sql`${trackingSequences.last} + 1` },
    })
    .returning({ last: trackingSequences.last });
  return `${prefix}-${year}-${String(row?.last ?? 0).padStart(6, "0")}`;
}
