import { z } from "zod";
import { iso, isoOrNull } from "../domain/time.ts";
import type { SqlRunner } from "../store/database.ts";

/** A capture as the API shows it. */
export const Capture = z.object({
  id: z.number().int(),
  case_id: z.number().int(),
  event_id: z.number().int().nullable(),
  report_id: z.string().nullable(),
  kind: z.string().describe("http, dns, rdap_domain, rdap_ip, screenshot or attachment"),
  target: z.string(),
  status: z.string().describe("queued, done, failed, refused or skipped"),
  summary: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).describe("hops, certificates, DNS answers, RDAP data…"),
  blobs: z.array(z.string()).describe("SHA-256 of the record and of any page or screenshot"),
  ledger_seq: z.number().int().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type CaptureView = z.infer<typeof Capture>;

// Raw SQL: both reads take the caller's SqlRunner, which has no typed layer: the evidence
// package reads a case's captures through the runner buildEvidencePackage was handed.

/** What was captured for a case, oldest first. */
export async function capturesOfCase(
  db: SqlRunner,
  caseId: number | string,
): Promise<CaptureView[]> {
  const rows = await db.query<Record<string, unknown>>(
    "SELECT * FROM evidence_captures WHERE case_id = $1 ORDER BY id",
    [caseId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    case_id: Number(r.case_id),
    event_id: r.event_id == null ? null : Number(r.event_id),
    report_id: (r.report_id as string | null) ?? null,
    kind: r.kind as string,
    target: r.target as string,
    status: r.status as string,
    summary: (r.summary as string | null) ?? null,
    result: r.result as Record<string, unknown>,
    blobs: r.blobs as string[],
    ledger_seq: r.ledger_seq == null ? null : Number(r.ledger_seq),
    created_at: iso(r.created_at as Date),
    finished_at: isoOrNull(r.finished_at),
  }));
}

/** How many captures of a kind have finished (done or failed) for a case. */
export async function finishedCaptures(
  db: SqlRunner,
  caseId: number,
  kind: string,
): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM evidence_captures WHERE case_id = $1 AND kind = $2 AND status <> 'queued'",
    [caseId, kind],
  );
  return r?.n ?? 0;
}
