import { simpleParser } from "mailparser";
import { addTimeline, markCustomerFixed } from "../cases/case-store.ts";
import type { Db, Store, Tx } from "../store/database.ts";
import { caseReplies } from "../store/schema.ts";
import { findReplyToken, type ReplyToken, type TokenPurpose } from "./reply-tokens.ts";

// A reply is kept whole in `raw`; the body shown on the timeline is cut here.
const EXCERPT = 2000;

export interface CustomerReply {
  channel: "mail" | "portal";
  sender: string | null;
  subject: string | null;
  body: string;
  raw?: Buffer;
  fixed: boolean;
}

/** Records a customer's answer on each case of the token, with a timeline entry. */
export async function recordReply(tx: Tx, token: ReplyToken, reply: CustomerReply): Promise<void> {
  for (const caseId of token.caseIds) {
    await tx.db.insert(caseReplies).values({
      caseId,
      channel: reply.channel,
      sender: reply.sender,
      subject: reply.subject,
      body: reply.body,
      raw: reply.raw ?? null,
      fixed: reply.fixed,
    });
    await addTimeline(tx, caseId, "reply", `customer:${token.customerId ?? "unknown"}`, {
      channel: reply.channel,
      sender: reply.sender,
      subject: reply.subject,
      excerpt: reply.body.slice(0, EXCERPT),
      fixed: reply.fixed,
    });
    if (reply.fixed) await markCustomerFixed(tx, caseId);
  }
}

/** The live token behind a reply address or portal link, or null. */
export function tokenFor(db: { db: Db }, token: string, purpose: TokenPurpose) {
  return findReplyToken(db, token, purpose);
}

/**
 * A mail to a notice's reply address: kept whole and put on its cases' timelines, not
 * parsed as a new abuse report. False when the token is not a live one (the mail then
 * goes through the intake like any other).
 */
export async function acceptMailReply(
  store: Store,
  token: string,
  raw: Buffer,
  envelopeFrom: string,
): Promise<ReplyToken | null> {
  const found = await findReplyToken(store, token, "mail");
  if (!found) return null;
  const mail = await simpleParser(raw, { skipHtmlToText: false });
  const body = (mail.text ?? "").trim() || "(no text)";
  await store.transaction((tx) =>
    recordReply(tx, found, {
      channel: "mail",
      sender: mail.from?.value[0]?.address ?? envelopeFrom ?? null,
      subject: mail.subject ?? null,
      body,
      raw,
      // A customer writing "fixed" in a mail still needs an analyst to read it.
      fixed: false,
    }),
  );
  return found;
}
