import { randomBytes } from "node:crypto";
import { z } from "zod";
import { addTimeline } from "../cases/case-store.ts";
import type { SqlRunner, Store } from "../store/database.ts";
import type { Mailer } from "./mailer.ts";
import { fillReplyTokens } from "./reply-tokens.ts";
import type { TokenKey } from "./token-key.ts";

/** Tries before a mail is given up as failed; waits grow 1, 2, 4 … minutes between them. */
export const MAX_ATTEMPTS = 8;
// A sender that died mid-send leaves its lease; after this long the mail is tried again.
const LEASE_SECONDS = 300;

export interface QueuedMail {
  kind: "customer_notice" | "reporter_update" | "acknowledgement";
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

const onTimeline = (db: SqlRunner, caseIds: string[], detail: Record<string, unknown>) =>
  addTimeline(db, caseIds, "notice", "system", detail);

/**
 * Sends one queued mail, once: the row is leased before the SMTP conversation, and marked
 * sent after it. Every attempt and its result goes on the timeline of the mail's cases.
 * A failure waits longer each time, and after MAX_ATTEMPTS the mail is marked failed.
 */
export async function deliverMail(
  store: Store,
  mailer: Mailer,
  outboxId: number,
  tokenKey?: TokenKey,
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
    // The notice's reply tokens exist in clear only here, in the mail on its way out.
    const body = await fillReplyTokens(store, tokenKey, m.id, {
      subject: m.subject,
      text: m.text_body,
      html: m.html_body,
    });
    const sent = await mailer.send({
      to: m.to_addrs,
      ...(m.cc_addrs.length > 0 ? { cc: m.cc_addrs } : {}),
      subject: body.subject as string,
      text: body.text as string,
      ...(body.html ? { html: body.html } : {}),
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

/** A mail of the outbox as the case page shows it (reply tokens as their marks). */
export const OutgoingMail = z.object({
  id: z.number().int(),
  kind: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  state: z.string().describe("queued, sending, sent or failed"),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});
export type OutgoingMail = z.infer<typeof OutgoingMail>;

/** Mail sent or queued about a case (notices and reporter updates), oldest first. */
export async function mailOfCase(db: SqlRunner, caseId: number | string): Promise<OutgoingMail[]> {
  const rows = await db.query<Record<string, unknown>>(
    "SELECT * FROM outbox WHERE $1 = ANY(case_ids) ORDER BY id",
    [caseId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind as string,
    to: r.to_addrs as string[],
    cc: r.cc_addrs as string[],
    subject: r.subject as string,
    text: r.text_body as string,
    state: r.state as string,
    attempts: r.attempts as number,
    last_error: (r.last_error as string | null) ?? null,
    created_by: r.created_by as string,
    created_at: new Date(r.created_at as string).toISOString(),
    sent_at: r.sent_at ? new Date(r.sent_at as string).toISOString() : null,
  }));
}

/** A notice's subject, text and language, for the customer's portal page. */
export async function noticeText(
  db: SqlRunner,
  outboxId: number | string,
): Promise<{ subject: string; text_body: string; language: string | null } | undefined> {
  const [row] = await db.query<{ subject: string; text_body: string; language: string | null }>(
    "SELECT subject, text_body, language FROM outbox WHERE id = $1",
    [outboxId],
  );
  return row;
}

/** How many mails the outbox holds (queued, sent or failed). */
export async function outboxCount(db: SqlRunner): Promise<number> {
  const [r] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox");
  return r?.n ?? 0;
}
