import { randomBytes } from "node:crypto";
import { sha256Hex } from "../domain/canonical-json.ts";
import type { SqlRunner } from "../store/database.ts";

// RFC 4648 base32 without padding, lower case: safe in a mail address's local part and a URL.
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** 160 random bits as 32 base32 characters. */
function newToken(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const TOKEN = /^[a-z2-7]{32}$/;

export type TokenPurpose = "mail" | "portal";

/**
 * Makes the reply tokens of one notice: one for its reply address, one for its portal link.
 * Only their SHA-256 is stored; the tokens themselves exist in the mail alone.
 */
export async function createReplyTokens(
  tx: SqlRunner,
  opts: { caseIds: number[]; customerId: string | null; days: number },
): Promise<{ mail: string; portal: string; expiresAt: Date; ids: number[] }> {
  const expiresAt = new Date(Date.now() + opts.days * 86_400_000);
  const mail = newToken();
  const portal = newToken();
  const ids: number[] = [];
  for (const [purpose, token] of [
    ["mail", mail],
    ["portal", portal],
  ] as const) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO reply_tokens (token_hash, purpose, case_ids, customer_id, expires_at)
       VALUES ($1, $2, $3::bigint[], $4, $5) RETURNING id`,
      [sha256Hex(token), purpose, opts.caseIds, opts.customerId, expiresAt],
    );
    ids.push(Number(row?.id));
  }
  return { mail, portal, expiresAt, ids };
}

export interface ReplyToken {
  id: number;
  caseIds: number[];
  customerId: string | null;
  outboxId: number | null;
  expiresAt: Date;
}

/** A live token of this purpose, or null (unknown, expired, revoked, or not a token at all). */
export async function findReplyToken(
  db: SqlRunner,
  token: string,
  purpose: TokenPurpose,
): Promise<ReplyToken | null> {
  if (!TOKEN.test(token)) return null;
  const [row] = await db.query<{
    id: string;
    case_ids: string[];
    customer_id: string | null;
    outbox_id: string | null;
    expires_at: Date;
  }>(
    `SELECT id, case_ids, customer_id, outbox_id, expires_at FROM reply_tokens
      WHERE token_hash = $1 AND purpose = $2 AND revoked_at IS NULL AND expires_at > now()`,
    [sha256Hex(token), purpose],
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    caseIds: row.case_ids.map(Number),
    customerId: row.customer_id,
    outboxId: row.outbox_id === null ? null : Number(row.outbox_id),
    expiresAt: new Date(row.expires_at),
  };
}

/** Ends every token of a case (the case is closed, or a notice went to the wrong person). */
export async function revokeReplyTokens(db: SqlRunner, caseId: number): Promise<number> {
  const rows = await db.query(
    "UPDATE reply_tokens SET revoked_at = now() WHERE $1 = ANY(case_ids) AND revoked_at IS NULL RETURNING id",
    [caseId],
  );
  return rows.length;
}

/** The bare address in `Name <addr@domain>` (or the input when it has no brackets). */
export const addressOf = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();

/** The plus-address a customer replies to: `abuse+<token>@domain` from our own address. */
export function replyAddress(from: string, token: string): string {
  const addr = addressOf(from);
  const [local, domain] = addr.split("@");
  return `${local}+${token}@${domain}`;
}

/** The token in a plus-address (`abuse+<token>@…`), or null. */
export function tokenInAddress(address: string): string | null {
  const m = /^[^+@]+\+([a-z2-7]{32})@/i.exec(address.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}
