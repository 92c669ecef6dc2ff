import type { Tx } from "../store/database.ts";
import type { NotifyDeps } from "./notices.ts";
import { queueMail } from "./outbox.ts";
import { addressOf } from "./reply-tokens.ts";

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

interface ReporterReport {
  id: string;
  tracking_number: string;
  received_at: Date;
  meta: {
    ack?: { to?: string; sent_at?: string };
    requestUpdates?: boolean;
    reporterEmail?: string;
    subject?: string;
    description?: string;
  };
}

/**
 * Who asked to hear how it ended: a person whose mail was acknowledged (robots and lists
 * never are), or an API reporter who set `request_updates`. Their address, or null.
 */
export function updateAddress(r: ReporterReport): string | null {
  if (r.meta.requestUpdates === false) return null;
  if (r.meta.ack?.sent_at && r.meta.ack.to) return r.meta.ack.to;
  if (r.meta.requestUpdates && r.meta.reporterEmail) return r.meta.reporterEmail;
  return null;
}

/**
 * Queues a short update to every reporter of a case that asked for one, when the case is
 * resolved or rejected: the tracking number, the outcome, the resource and type. Never the
 * customer's identity (the template gets none). At most one per report, case and outcome.
 */
export async function queueReporterUpdates(
  tx: Tx,
  deps: NotifyDeps,
  caseId: number,
  outcome: "resolved" | "rejected",
): Promise<number> {
  // Raw SQL: the case and the reports behind its events are the cases and intake modules'
  // tables, which notify may read but not query through their drizzle tables.
  const [c] = await tx.query<{ classification_type: string; resource: string }>(
    "SELECT classification_type, resource FROM cases WHERE id = $1",
    [caseId],
  );
  if (!c) return 0;
  const reports = await tx.query<ReporterReport>(
    `SELECT r.id, r.tracking_number, r.received_at, r.meta FROM reports r
      WHERE r.id IN (SELECT report_id FROM events WHERE case_id = $1
                     UNION SELECT s.report_id FROM event_sightings s JOIN events e ON e.id = s.event_id
                      WHERE e.case_id = $1)
        AND r.tracking_number IS NOT NULL`,
    [caseId],
  );
  let queued = 0;
  for (const r of reports) {
    const to = updateAddress(r);
    if (!to) continue;
    const lang = JAPANESE.test(`${r.meta.subject ?? ""}${r.meta.description ?? ""}`) ? "ja" : "en";
    const texts = deps.templates.texts(lang);
    const mail = deps.templates.render("reporter-update", c.classification_type, lang, {
      lang,
      provider: { name: deps.providerName, abuse_address: addressOf(deps.from) },
      tracking_number: r.tracking_number,
      outcome,
      outcome_label: texts.outcomes[outcome],
      resource: c.resource,
      type_label: (texts.types[c.classification_type] ?? texts.default).label,
      reported_at: new Date(r.received_at).toISOString(),
      closed_at: new Date().toISOString(),
    });
    const id = await queueMail(tx, deps.from, {
      kind: "reporter_update",
      to: [to],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { "Auto-Submitted": "auto-generated", "X-Mogura-Tracking": r.tracking_number },
      caseIds: [caseId],
      reportId: r.id,
      language: lang,
      dedupKey: `reporter:${r.id}:${caseId}:${outcome}`,
    });
    if (id !== null) queued++;
  }
  return queued;
}
