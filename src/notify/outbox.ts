import { randomBytes } from "node:crypto";
import type { SqlRunner, Store } from "../store/database.ts";
import type { Mailer } from "./mailer.ts";

/** Tries before a mail is given up as failed; waits grow 1, 2, 4 … minutes between them. */
export const MAX_ATTEMPTS = 8;
// A sender that died mid-send leaves its lease; after this long the mail is tried again.
const LEASE_SECONDS = 300;

export interface QueuedMail {
  kind: "customer_notice" | "reporter_update";
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  caseIds?: number[];
  customerId?: string | null;
  reportId?: string | null;
  language?: string;
  /** At most one mail per key (a reporter's update for one outcome of one case). */
  dedupKey?: string;
  createdBy?: string;
}

/** A Message-ID of our own domain, fixed when the mail is queued. */
export function newMessageId(from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? "mogura.invalid";
  return `<${Date.now().toString(36)}.${randomBytes(9).toString("hex")}@${domain}>`;
}

/**
 * Queues a mail in the database (inside the caller's transaction, so it goes if and only
 * if the change it reports commits). Returns its id, or null when its dedup key was used.
 */
export async function queueMail(
  tx: SqlRunner,
  from: string,
  m: QueuedMail,
): Promise<number | null> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO outbox (kind, to_addrs, cc_addrs, subject, text_body, html_body, headers, message_id,
       case_ids, customer_id, report_id, language, dedup_key, created_by)
     VALUES ($1, $2::text[], $3::text[], $4, $5, $6, $7::jsonb, $8, $9::bigint[], $10, $11, $12, $13, $14)
     ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
    [
      m.kind,
      m.to,
      m.cc ?? [],
      m.subject,
      m.text,
      m.html ?? null,
      JSON.stringify(m.headers ?? {}),
      newMessageId(from),
      m.caseIds ?? [],
      m.customerId ?? null,
      m.reportId ?? null,
      m.language ?? null,
      m.dedupKey ?? null,
      m.createdBy ?? "system",
    ],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

interface OutboxRow {
  id: string;
  kind: string;
  to_addrs: string[];
  cc_addrs: string[];
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: Record<string, string>;
  message_id: string;
  case_ids: string[];
  attempts: number;
}

export type Delivery =
  | { outcome: "sent"; delivered: string }
  | { outcome: "retry" | "failed"; error: string }
  | { outcome: "skipped" };

async function onTimeline(db: SqlRunner, caseIds: string[], detail: Record<string, unknown>) {
  if (caseIds.length === 0) return;
  await db.query(
    `INSERT INTO case_timeline (case_id, kind, actor, detail)
     SELECT c, 'notice', 'system', $2::jsonb FROM unnest($1::bigint[]) AS c`,
    [caseIds, JSON.stringify(detail)],
  );
}

/**
 * Sends one queued mail, once: the row is leased before the SMTP conversation, and marked
 * sent after it. Every attempt and its result goes on the timeline of the mail's cases.
 * A failure waits longer each time, and after MAX_ATTEMPTS the mail is marked failed.
 */
export async function deliverMail(
  store: Store,
  mailer: Mailer,
  outboxId: number,
): Promise<Delivery> {
  const [m] = await store.query<OutboxRow>(
    `UPDATE outbox SET state = 'sending', attempts = attempts + 1,
       lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
     WHERE id = $1 AND state = 'queued' AND next_attempt_at <= now()
     RETURNING id, kind, to_addrs, cc_addrs, subject, text_body, html_body, headers, message_id,
               case_ids, attempts`,
    [outboxId],
  );
  if (!m) return { outcome: "skipped" };
  const base = { outbox_id: Number(m.id), kind: m.kind, to: m.to_addrs, attempt: m.attempts };
  try {
    const sent = await mailer.send({
      to: m.to_addrs,
      ...(m.cc_addrs.length > 0 ? { cc: m.cc_addrs } : {}),
      subject: m.subject,
      text: m.text_body,
      ...(m.html_body ? { html: m.html_body } : {}),
      headers: m.headers,
      messageId: m.message_id,
    });
    await store.transaction(async (tx) => {
      await tx.query(
        "UPDATE outbox SET state = 'sent', sent_at = now(), last_error = NULL WHERE id = $1",
        [m.id],
      );
      await onTimeline(tx, m.case_ids, { ...base, result: "sent", delivered: sent.delivered });
    });
    return { outcome: "sent", delivered: sent.delivered };
  } catch (e) {
    const error = String((e as Error).message).slice(0, 500);
    const final = m.attempts >= MAX_ATTEMPTS;
    await store.transaction(async (tx) => {
      await tx.query(
        `UPDATE outbox SET state = $2, last_error = $3, lease_until = NULL,
           next_attempt_at = now() + make_interval(mins => $4) WHERE id = $1`,
        [m.id, final ? "failed" : "queued", error, 2 ** (m.attempts - 1)],
      );
      await onTimeline(tx, m.case_ids, { ...base, result: final ? "failed" : "retry", error });
    });
    return { outcome: final ? "failed" : "retry", error };
  }
}

/**
 * Mail that is due: queued and waiting, or left `sending` by a process that died (its lease
 * ran out). Returns their ids for delivery.
 */
export async function dueMail(db: SqlRunner, limit = 100): Promise<number[]> {
  await db.query(
    "UPDATE outbox SET state = 'queued', lease_until = NULL WHERE state = 'sending' AND lease_until < now()",
  );
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= now() ORDER BY id LIMIT ${Number(limit)}`,
  );
  return rows.map((r) => Number(r.id));
}
