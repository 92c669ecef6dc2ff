import { and, arrayContains, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { sha256Hex } from "../domain/canonical-json.ts";
import type { Db, Tx } from "../store/database.ts";
import { replyTokens } from "../store/schema.ts";
import type { TokenKey } from "./token-key.ts";

/**
 * What a notice holds where its tokens go, until the mail goes out: staff see these, the
 * customer gets the tokens. Plain ASCII, valid in a URL path and in an address's local part.
 */
export const TOKEN_MARKS = {
  mail: "{reply-token}",
  portal: "{portal-token}",
  takedown: "{takedown-token}",
} as const;

const TOKEN = /^[a-z2-7]{32}$/;

/** mail and portal: a customer's answers to a notice; takedown: another provider's to a request. */
export type TokenPurpose = keyof typeof TOKEN_MARKS;

/**
 * Makes the reply tokens of one notice: one for its reply address, one for its portal link.
 * Each token is made from the key and its id; only its SHA-256 is stored.
 */
export async function createReplyTokens(
  tx: Tx,
  key: TokenKey,
  opts: {
    caseIds: number[];
    customerId: string | null;
    days: number;
    /** Which tokens to make, one each; default the notice's two. */
    purposes?: readonly TokenPurpose[];
  },
): Promise<{ expiresAt: Date; ids: number[] }> {
  const expiresAt = new Date(Date.now() + opts.days * 86_400_000);
  const ids: number[] = [];
  for (const purpose of opts.purposes ?? (["mail", "portal"] as const)) {
    // Raw SQL: the id is drawn from the table's sequence before the row exists, because
    // the token (and so the hash the row stores) is made from it; drizzle has no nextval.
    const [next] = await tx.query<{ id: string }>(
      "SELECT nextval(pg_get_serial_sequence('reply_tokens', 'id')) AS id",
    );
    const id = Number(next?.id);
    await tx.db.insert(replyTokens).values({
      id,
      tokenHash: sha256Hex(key.tokenFor(id)),
      purpose,
      caseIds: opts.caseIds,
      customerId: opts.customerId,
      expiresAt,
    });
    ids.push(id);
  }
  return { expiresAt, ids };
}

/**
 * The notice's texts with its tokens in place of their marks, as the mail goes out. A
 * mail without marks (an update, an acknowledgement, a notice from before) is unchanged.
 */
export async function fillReplyTokens<T extends Record<string, string | null>>(
  db: { db: Db },
  key: TokenKey | undefined,
  outboxId: number | string,
  texts: T,
): Promise<T> {
  const marks = Object.values(TOKEN_MARKS);
  const marked = Object.values(texts).some((t) => marks.some((mark) => t?.includes(mark)));
  if (!marked) return texts;
  if (!key) throw new Error("the notice's reply tokens cannot be filled in: no token key");
  const rows = await db.db
    .select({ id: replyTokens.id, purpose: replyTokens.purpose })
    .from(replyTokens)
    .where(eq(replyTokens.outboxId, Number(outboxId)));
  const out: Record<string, string | null> = { ...texts };
  for (const r of rows) {
    const token = key.tokenFor(Number(r.id));
    for (const [k, v] of Object.entries(out))
      if (v !== null) out[k] = v.replaceAll(TOKEN_MARKS[r.purpose as TokenPurpose], token);
  }
  return out as T;
}

/** Ties tokens to the mail that carries them, so they are filled in as it goes out. */
export async function linkTokensToMail(
  db: { db: Db },
  tokenIds: number[],
  outboxId: number,
): Promise<void> {
  await db.db.update(replyTokens).set({ outboxId }).where(inArray(replyTokens.id, tokenIds));
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
  db: { db: Db },
  token: string,
  purpose: TokenPurpose,
): Promise<ReplyToken | null> {
  if (!TOKEN.test(token)) return null;
  const [row] = await db.db
    .select({
      id: replyTokens.id,
      caseIds: replyTokens.caseIds,
      customerId: replyTokens.customerId,
      outboxId: replyTokens.outboxId,
      expiresAt: replyTokens.expiresAt,
    })
    .from(replyTokens)
    .where(
      and(
        eq(replyTokens.tokenHash, sha256Hex(token)),
        eq(replyTokens.purpose, purpose),
        isNull(replyTokens.revokedAt),
        gt(replyTokens.expiresAt, sql`now()`),
      ),
    );
  if (!row) return null;
  return {
    id: Number(row.id),
    caseIds: row.caseIds.map(Number),
    customerId: row.customerId,
    outboxId: row.outboxId === null ? null : Number(row.outboxId),
    expiresAt: new Date(row.expiresAt),
  };
}

/** Ends every token of a case (the case is closed, or a notice went to the wrong person). */
export async function revokeReplyTokens(db: { db: Db }, caseId: number): Promise<number> {
  const rows = await db.db
    .update(replyTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(arrayContains(replyTokens.caseIds, [caseId]), isNull(replyTokens.revokedAt)))
    .returning({ id: replyTokens.id });
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
