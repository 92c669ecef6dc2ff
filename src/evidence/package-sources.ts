// Everything an evidence package is made from, read from the database in one place. The rules
// of what a package shows (package-disclosure.ts) and how its files are laid out
// (package-layout.ts) are plain functions over the object read here.
import { z } from "zod";
import { type CaseDetail, caseDetail } from "../cases/case-queries.ts";
import { iso } from "../domain/time.ts";
import type { SqlRunner } from "../store/database.ts";
import { type CaptureView, capturesOfCase } from "./capture-store.ts";
import { type LedgerEntry, listLedger } from "./ledger.ts";
import type { PackageReport } from "./package-format.ts";

// Raw SQL: everything here reads through the SqlRunner buildEvidencePackage was handed, which
// has no typed layer, and the reports behind a case belong to the intake module.

const MAX_EVENTS = 100_000;
const LEDGER_PAGE = 1000;

/** A report as a package may show it, with what its reporter said about forwarding. */
export interface SourceReport {
  row: PackageReport;
  /** Undefined when the reporter said nothing (mail never does). */
  statedConsent: boolean | undefined;
}

/** A blob that retention let go: when, and the ledger entry that says so. */
export interface PurgedBlob {
  purged_at: string;
  ledger_seq: number;
}

/** What a package of one case is made from, for either audience. */
export interface PackageSources {
  detail: CaseDetail;
  captures: CaptureView[];
  /** The case's own ledger entries, by seq. */
  ledger: LedgerEntry[];
  /** Every report behind an event or a capture of the case, by report id. */
  reports: Map<string, SourceReport>;
  /** Every blob named by a capture or an entry of the case that was purged, by SHA-256. */
  purged: Map<string, PurgedBlob>;
  /** The purge entries behind `purged` that the ledger holds, by seq. */
  purgeEntries: Map<number, LedgerEntry>;
  /** The keys that signed the entries above, by id. */
  publicKeys: { id: string; public_key: string }[];
}

const ReportMeta = z.looseObject({
  reporterName: z.string().optional().catch(undefined),
  reporterEmail: z.string().optional().catch(undefined),
  reporterOrg: z.string().optional().catch(undefined),
  reporterType: z.string().optional().catch(undefined),
  consentToForward: z.boolean().optional().catch(undefined),
  tlp: z.string().optional().catch(undefined),
  externalRef: z.string().optional().catch(undefined),
  from: z.string().optional().catch(undefined),
  subject: z.string().optional().catch(undefined),
});

async function caseLedgerOf(db: SqlRunner, caseId: number): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (;;) {
    const page = await listLedger(db, {
      caseId,
      afterSeq: out.at(-1)?.seq ?? 0,
      limit: LEDGER_PAGE,
    });
    out.push(...page);
    if (page.length < LEDGER_PAGE) return out;
  }
}

async function reportsOf(db: SqlRunner, ids: string[]): Promise<Map<string, SourceReport>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{
    id: string;
    tracking_number: string;
    channel: string;
    received_at: Date;
    meta: unknown;
  }>(
    "SELECT id, tracking_number, channel, received_at, meta FROM reports WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return new Map(
    rows.map((r) => {
      const parsed = ReportMeta.safeParse(r.meta ?? {});
      const meta = parsed.success ? parsed.data : {};
      const reporter = Object.fromEntries(
        Object.entries({
          name: meta.reporterName,
          email: meta.reporterEmail,
          org: meta.reporterOrg,
          type: meta.reporterType,
          from: meta.from,
          subject: meta.subject,
          external_ref: meta.externalRef,
        }).filter(([, v]) => v !== undefined),
      );
      const row: PackageReport = {
        id: String(r.id),
        tracking_number: r.tracking_number,
        channel: r.channel,
        received_at: iso(r.received_at),
        tlp: meta.tlp ?? null,
        // Mail carries no consent: only an explicit yes counts.
        consent_to_forward: meta.consentToForward === true,
        reporter,
      };
      return [row.id, { row, statedConsent: meta.consentToForward }];
    }),
  );
}

async function purgesOf(
  db: SqlRunner,
  shas: string[],
): Promise<{ purged: Map<string, PurgedBlob>; entries: Map<number, LedgerEntry> }> {
  const rows = await db.query<{ sha256: string; purged_at: Date; ledger_seq: string }>(
    "SELECT sha256, purged_at, ledger_seq FROM evidence_purged WHERE sha256 = ANY($1::text[])",
    [shas],
  );
  const purged = new Map(
    rows.map((p) => [p.sha256, { purged_at: iso(p.purged_at), ledger_seq: Number(p.ledger_seq) }]),
  );
  // A purge is an entry of its own (no case): it is the signed reason a blob is gone.
  const entries = new Map<number, LedgerEntry>();
  for (const seq of new Set([...purged.values()].map((p) => p.ledger_seq))) {
    const [entry] = await listLedger(db, { afterSeq: seq - 1, limit: 1 });
    if (entry?.seq === seq) entries.set(seq, entry);
  }
  return { purged, entries };
}

/** Reads what a package of the case is made from. Throws UserError not_found for an unknown case. */
export async function readPackageSources(db: SqlRunner, caseId: number): Promise<PackageSources> {
  const detail = await caseDetail(db, caseId, MAX_EVENTS);
  const captures = await capturesOfCase(db, caseId);
  const ledger = await caseLedgerOf(db, caseId);
  const reports = await reportsOf(db, [
    ...new Set([
      ...detail.events.map((e) => String(e.report_id)),
      ...captures.flatMap((c) => (c.report_id ? [c.report_id] : [])),
    ]),
  ]);
  const { purged, entries } = await purgesOf(db, [
    ...new Set([...captures.flatMap((c) => c.blobs), ...ledger.flatMap((e) => e.blobs)]),
  ]);
  const keyIds = [...new Set([...ledger, ...entries.values()].map((e) => e.key_id))];
  const publicKeys = await db.query<{ id: string; public_key: string }>(
    "SELECT id, public_key FROM ledger_keys WHERE id = ANY($1::text[]) ORDER BY id",
    [keyIds],
  );
  return { detail, captures, ledger, reports, purged, purgeEntries: entries, publicKeys };
}
