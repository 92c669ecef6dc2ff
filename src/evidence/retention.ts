import { evidencePurged } from "../store/schema.ts";
import type { EvidenceDeps } from "./capture.ts";
import { appendLedger } from "./ledger.ts";

/**
 * Removes the bytes of blobs that only cases closed more than `days` ago refer to. Each
 * purge is a ledger entry of its own and the hash stays, so the record still shows what was
 * held and when it was let go. Evidence of a case that is open, or closed more recently, is kept.
 */
export async function purgeExpiredEvidence(deps: EvidenceDeps, days: number): Promise<number> {
  // Raw SQL: which blobs have expired is an aggregate over every capture's blob list (a jsonb
  // array unnested) joined to the cases' closing times: bool_and over the cases that hold it.
  const rows = await deps.store.query<{ sha256: string; case_ids: string[] }>(
    `WITH held AS (
       SELECT jsonb_array_elements_text(ec.blobs) AS sha256, ec.case_id,
              (c.state IN ('closed', 'rejected') AND c.closed_at < now() - make_interval(days => $1)) AS expired
         FROM evidence_captures ec JOIN cases c ON c.id = ec.case_id)
     SELECT sha256, array_agg(DISTINCT case_id::text) AS case_ids FROM held
      WHERE sha256 NOT IN (SELECT sha256 FROM evidence_purged)
      GROUP BY sha256 HAVING bool_and(expired)
      LIMIT 1000`,
    [days],
  );
  let purged = 0;
  for (const r of rows) {
    await deps.store.transaction(async (tx) => {
      const entry = await appendLedger(tx, deps.signer, {
        kind: "purge",
        blobs: [r.sha256],
        actor: "system",
        details: {
          reason: `retention: the cases were closed more than ${days} days ago`,
          case_ids: r.case_ids.map(Number),
        },
      });
      await tx.db.insert(evidencePurged).values({ sha256: r.sha256, ledgerSeq: entry.seq });
    });
    // The bytes go only after the purge is on record.
    deps.blobs.remove(r.sha256);
    purged++;
  }
  return purged;
}
