import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { Contact } from "../contacts/contact-types.ts";
import { isoOrNull } from "../domain/time.ts";
import type { Db } from "../store/database.ts";
import { takedownReplies, takedownRequests } from "../store/schema.ts";
import {
  handMoves,
  type TakedownState as State,
  TAKEDOWN_TRANSITIONS,
  type TakedownRequest,
  TakedownState,
} from "./request-types.ts";

type Row = typeof takedownRequests.$inferSelect;

// The next role comes from the policy; a store does not know it, so it says null and the
// service fills it in (withNextStep).
function present(r: Row): TakedownRequest {
  const state = TakedownState.parse(r.state);
  return {
    moves: handMoves(state),
    can_escalate: TAKEDOWN_TRANSITIONS[state].includes("escalated"),
    next_role: null,
    id: r.id,
    case_id: r.caseId,
    role: Contact.shape.role.parse(r.role),
    recipient: Contact.parse(r.recipient),
    channel: r.channel === "web_form" ? "web_form" : "email",
    format: r.format as TakedownRequest["format"],
    language: r.language === "en" ? "en" : "ja",
    resources: r.resources,
    subject: r.subject,
    body: r.body,
    xarf: (r.xarf as Record<string, unknown> | null) ?? null,
    state: TakedownState.parse(r.state),
    deadline_at: isoOrNull(r.deadlineAt),
    escalates: r.escalates,
    outbox_id: r.outboxId,
    created_at: r.createdAt.toISOString(),
    created_by: r.createdBy,
    sent_at: isoOrNull(r.sentAt),
    acknowledged_at: isoOrNull(r.acknowledgedAt),
    acted_at: isoOrNull(r.actedAt),
    down_at: isoOrNull(r.downAt),
    closed_at: isoOrNull(r.closedAt),
    updated_at: r.updatedAt.toISOString(),
  };
}

export type NewRequest = Omit<typeof takedownRequests.$inferInsert, "id">;

/** Stores a drafted request; returns it. */
export async function insertRequest(db: Db, values: NewRequest): Promise<TakedownRequest> {
  const [row] = await db.insert(takedownRequests).values(values).returning();
  if (!row) throw new Error("storing a takedown request returned no row");
  return present(row);
}

/** One request with its replies, or null. */
export async function getRequest(db: Db, id: number): Promise<TakedownRequest | null> {
  const [row] = await db.select().from(takedownRequests).where(eq(takedownRequests.id, id));
  if (!row) return null;
  const replies = await db
    .select()
    .from(takedownReplies)
    .where(eq(takedownReplies.requestId, id))
    .orderBy(asc(takedownReplies.id));
  return {
    ...present(row),
    replies: replies.map((r) => ({
      id: r.id,
      sender: r.sender,
      subject: r.subject,
      body: r.body,
      received_at: r.receivedAt.toISOString(),
    })),
  };
}

/** A case's requests, oldest first. */
export async function requestsOfCase(db: Db, caseId: number): Promise<TakedownRequest[]> {
  const rows = await db
    .select()
    .from(takedownRequests)
    .where(eq(takedownRequests.caseId, caseId))
    .orderBy(asc(takedownRequests.id));
  return rows.map(present);
}

/** Requests in some states, newest first. */
export async function listRequests(
  db: Db,
  opts: { states?: State[]; limit?: number } = {},
): Promise<TakedownRequest[]> {
  const rows = await db
    .select()
    .from(takedownRequests)
    .where(
      opts.states && opts.states.length > 0
        ? inArray(takedownRequests.state, opts.states)
        : undefined,
    )
    .orderBy(desc(takedownRequests.id))
    .limit(opts.limit ?? 200);
  return rows.map(present);
}

/** Requests still waiting whose deadline has passed. */
export async function overdueRequests(db: Db, now = new Date()): Promise<TakedownRequest[]> {
  const rows = await db
    .select()
    .from(takedownRequests)
    .where(
      and(
        inArray(takedownRequests.state, ["sent", "acknowledged"]),
        lte(takedownRequests.deadlineAt, now),
      ),
    )
    .orderBy(asc(takedownRequests.deadlineAt));
  return rows.map(present);
}

const STAMP: Partial<Record<State, keyof Row>> = {
  sent: "sentAt",
  acknowledged: "acknowledgedAt",
  acted: "actedAt",
  resource_down: "downAt",
  closed: "closedAt",
};

/**
 * Moves a request to `to` when it is still in `from` (a concurrent move wins, not both), and
 * stamps the time of the step the first time it is reached. Returns the request, or null.
 */
export async function moveRequest(
  db: Db,
  id: number,
  from: readonly State[],
  to: State,
  extra: { outboxId?: number } = {},
): Promise<TakedownRequest | null> {
  const stamp = STAMP[to];
  const column = stamp
    ? takedownRequests[stamp as keyof typeof takedownRequests.$inferSelect]
    : undefined;
  const [row] = await db
    .update(takedownRequests)
    .set({
      state: to,
      updatedAt: sql`now()`,
      ...(stamp && column ? { [stamp]: sql`coalesce(${column}, now())` } : {}),
      ...(extra.outboxId !== undefined ? { outboxId: extra.outboxId } : {}),
    })
    .where(and(eq(takedownRequests.id, id), inArray(takedownRequests.state, [...from])))
    .returning();
  return row ? present(row) : null;
}

/** Files a reply from the recipient with its request. */
export async function addReply(
  db: Db,
  requestId: number,
  reply: { sender: string | null; subject: string | null; body: string; raw: Uint8Array },
): Promise<number> {
  const [row] = await db
    .insert(takedownReplies)
    .values({ requestId, ...reply })
    .returning({ id: takedownReplies.id });
  return row?.id ?? 0;
}

/** The request a reply token was made for, or null. */
export async function requestOfToken(db: Db, tokenId: number): Promise<TakedownRequest | null> {
  const [row] = await db
    .select()
    .from(takedownRequests)
    .where(eq(takedownRequests.replyTokenId, tokenId));
  return row ? present(row) : null;
}

/** The subject, body and XARF of a draft, made once its id is known (the subject names it). */
export async function setRequestText(
  db: Db,
  id: number,
  text: { subject: string; body: string; xarf: Record<string, unknown> | null },
): Promise<TakedownRequest> {
  const [row] = await db
    .update(takedownRequests)
    .set({ ...text, updatedAt: sql`now()` })
    .where(eq(takedownRequests.id, id))
    .returning();
  if (!row) throw new Error(`takedown request ${id} vanished while it was drafted`);
  return present(row);
}

/** Which reply token threads answers back to a request. */
export async function setReplyTokenOf(db: Db, id: number, tokenId: number): Promise<void> {
  await db
    .update(takedownRequests)
    .set({ replyTokenId: tokenId })
    .where(eq(takedownRequests.id, id));
}
