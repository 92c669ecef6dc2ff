import { randomBytes } from "node:crypto";
import { and, arrayContains, asc, count, eq, lt, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { addTimeline } from "../cases/case-store.ts";
import type { Db, SqlRunner, Store } from "../store/database.ts";
import { outbox } from "../store/schema.ts";
import type { Mailer } from "./mailer.ts";
import { fillReplyTokens } from "./reply-tokens.ts";
import type { TokenKey } from "./token-key.ts";

/** Tries before a mail is given up as failed; waits grow 1, 2, 4 … minutes between them. */
export const MAX_ATTEMPTS = 8;
// A sender that died mid-send leaves its lease; after this long the mail is tried again.
const LEASE_SECONDS = 300;

/** A file a mail carries (a takedown request's XARF report), kept with the mail until it goes. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text as it is (JSON, CSV); bytes as base64 with `encoding: "base64"`. */
  content: string;
  encoding?: "base64";
}

export interface QueuedMail {
  kind: "customer_notice" | "reporter_update" | "acknowledgement" | "takedown_request";
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
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
  tx: { db: Db },
  from: string,
  m: QueuedMail,
): Promise<number | null> {
  const rows = await tx.db
    .insert(outbox)
    .values({
      kind: m.kind,
      toAddrs: m.to,
      ccAddrs: m.cc ?? [],
      subject: m.subject,
      textBody: m.text,
      htmlBody: m.html ?? null,
      headers: m.headers ?? {},
      attachments: m.attachments ?? [],
      messageId: newMessageId(from),
      caseIds: m.caseIds ?? [],
      customerId: m.customerId ?? null,
      reportId: m.reportId ?? null,
      language: m.language ?? null,
      dedupKey: m.dedupKey ?? null,
      createdBy: m.createdBy ?? "system",
    })
    .onConflictDoNothing({ target: outbox.dedupKey })
    .returning({ id: outbox.id });
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
  attachments: MailAttachment[];
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
  // Raw SQL: the lease is taken by one conditional UPDATE timed by the database's clock
  // (queued, due, then leased for LEASE_SECONDS), so two senders never both get the row;
  // in drizzle each of those three conditions would be a sql`` fragment.
  const [m] = await store.query<OutboxRow>(
    `UPDATE outbox SET state = 'sending', attempts = attempts + 1,
       lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
     WHERE id = $1 AND state = 'queued' AND next_attempt_at <= now()
     RETURNING id, kind, to_addrs, cc_addrs, subject, text_body, html_body, headers, attachments,
               message_id, case_ids, attempts`,
    [outboxId],
  );
  if (!m) return { outcome: "skipped" };
  const base = { outbox_id: Number(m.id), kind: m.kind, to: m.to_addrs, attempt: m.attempts };
  try {
    // The notice's reply tokens exist in clear only here, in the mail on its way out.
    const headerNames = Object.keys(m.headers);
    const texts: Record<string, string | null> = {
      subject: m.subject,
      text: m.text_body,
      html: m.html_body,
      // A reply address in a header (Reply-To) carries a token as the body's would.
      ...Object.fromEntries(headerNames.map((h) => [`header:${h}`, m.headers[h] ?? null])),
    };
    const body = await fillReplyTokens(store, tokenKey, m.id, texts);
    const headers = Object.fromEntries(
      headerNames.map((h) => [h, (body[`header:${h}`] as string | null) ?? ""]),
    );
    const { "Reply-To": replyTo, ...otherHeaders } = headers;
    const sent = await mailer.send({
      to: m.to_addrs,
      ...(m.cc_addrs.length > 0 ? { cc: m.cc_addrs } : {}),
      subject: body.subject as string,
      text: body.text as string,
      ...(body.html ? { html: body.html } : {}),
      ...(replyTo ? { replyTo } : {}),
      headers: otherHeaders,
      ...(m.attachments.length > 0 ? { attachments: m.attachments } : {}),
      messageId: m.message_id,
    });
    await store.transaction(async (tx) => {
      await tx.db
        .update(outbox)
        .set({ state: "sent", sentAt: sql`now()`, lastError: null })
        .where(eq(outbox.id, Number(m.id)));
      await onTimeline(tx, m.case_ids, { ...base, result: "sent", delivered: sent.delivered });
    });
    return { outcome: "sent", delivered: sent.delivered };
  } catch (e) {
    const error = String((e as Error).message).slice(0, 500);
    const final = m.attempts >= MAX_ATTEMPTS;
    await store.transaction(async (tx) => {
      await tx.db
        .update(outbox)
        .set({
          state: final ? "failed" : "queued",
          lastError: error,
          leaseUntil: null,
          nextAttemptAt: sql`now() + make_interval(mins => ${2 ** (m.attempts - 1)})`,
        })
        .where(eq(outbox.id, Number(m.id)));
      await onTimeline(tx, m.case_ids, { ...base, result: final ? "failed" : "retry", error });
    });
    return { outcome: final ? "failed" : "retry", error };
  }
}

/**
 * Mail that is due: queued and waiting, or left `sending` by a process that died (its lease
 * ran out). Returns their ids for delivery.
 */
export async function dueMail(db: { db: Db }, limit = 100): Promise<number[]> {
  await db.db
    .update(outbox)
    .set({ state: "queued", leaseUntil: null })
    .where(and(eq(outbox.state, "sending"), lt(outbox.leaseUntil, sql`now()`)));
  const rows = await db.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.state, "queued"), lte(outbox.nextAttemptAt, sql`now()`)))
    .orderBy(asc(outbox.id))
    .limit(Number(limit));
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
export async function mailOfCase(db: { db: Db }, caseId: number | string): Promise<OutgoingMail[]> {
  const rows = await db.db
    .select()
    .from(outbox)
    .where(arrayContains(outbox.caseIds, [Number(caseId)]))
    .orderBy(asc(outbox.id));
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    to: r.toAddrs,
    cc: r.ccAddrs,
    subject: r.subject,
    text: r.textBody,
    state: r.state,
    attempts: r.attempts,
    last_error: r.lastError ?? null,
    created_by: r.createdBy,
    created_at: new Date(r.createdAt).toISOString(),
    sent_at: r.sentAt ? new Date(r.sentAt).toISOString() : null,
  }));
}

/** A notice's subject, text and language, for the customer's portal page. */
export async function noticeText(
  db: { db: Db },
  outboxId: number | string,
): Promise<{ subject: string; text_body: string; language: string | null } | undefined> {
  const [row] = await db.db
    .select({ subject: outbox.subject, text_body: outbox.textBody, language: outbox.language })
    .from(outbox)
    .where(eq(outbox.id, Number(outboxId)));
  return row;
}

/** How many mails the outbox holds (queued, sent or failed). */
export async function outboxCount(db: { db: Db }): Promise<number> {
  const [r] = await db.db.select({ n: count() }).from(outbox);
  return r?.n ?? 0;
}
