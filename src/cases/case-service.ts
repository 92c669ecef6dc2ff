import { eq, sql } from "drizzle-orm";
import { appendAuditSql } from "../audit/audit-log.ts";
import { isActiveUser } from "../auth/users.ts";
import {
  type CaseState,
  type CaseSummary,
  type MisuseType,
  OPEN_STATES,
  TRANSITIONS,
} from "../domain/case.ts";
import { conflict, notFound, UserError } from "../domain/errors.ts";
import type { ServiceType } from "../domain/inventory.ts";
import { eventsOnCase, moveAllEvents, moveEvents } from "../intake/event-store.ts";
import type { SqlRunner, Store, Tx } from "../store/database.ts";
import { cases } from "../store/schema.ts";
import { disallowedReason } from "./action-reasons.ts";
import { type CaseRow, clockOf, presentCase } from "./case-rows.ts";
import { addTimeline } from "./case-store.ts";
import { targetOf } from "./grouping.ts";
import { allowedActions, type CasePolicy, slaOf } from "./policy.ts";
import { recordTransition } from "./router.ts";
import { moveClock, nextDeadline, type SlaClock } from "./sla.ts";

// Raw SQL: a case is read whole (`SELECT *`, locked FOR UPDATE where it is about to change) into
// CaseRow, the snake_case row that clockOf and presentCase share with the queue's and the
// router's queries; drizzle would hand back camelCase fields to rename one by one. The merge's
// self-join, the split's copy of a row (INSERT … SELECT) and its recount over the intake
// module's events stay SQL too. Plain updates of a case's own columns go through drizzle.

// The database's clock, as everywhere else a case is stamped (not this process's).
const dbNow = sql`now()`;

async function lockCase(tx: SqlRunner, id: number): Promise<CaseRow> {
  const [row] = await tx.query<CaseRow>("SELECT * FROM cases WHERE id = $1 FOR UPDATE", [id]);
  if (!row) throw notFound(`case ${id}`);
  return row;
}

const timeline = addTimeline;

async function saveClock(tx: Tx, id: number, c: SlaClock) {
  const ended = c.state === "closed" || c.state === "rejected";
  await tx.db
    .update(cases)
    .set({
      state: c.state,
      firstActionDue: c.first_action_due,
      resolutionDue: c.resolution_due,
      firstActionAt: c.first_action_at,
      resolvedAt: c.resolved_at,
      pausedSince: c.paused_since,
      pausedSeconds: c.paused_seconds,
      nextDeadline: nextDeadline(c),
      // An ended case keeps the time it first ended; a reopened one has none.
      closedAt: ended ? sql`coalesce(${cases.closedAt}, now())` : null,
      updatedAt: dbNow,
    })
    .where(eq(cases.id, id));
}

// drizzle wraps the driver's error in its own, with the original as the cause.
const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return (err.code ?? err.cause?.code) === "23505";
};

/** Seals a case action in the evidence ledger, inside the action's transaction. */
export type ActionLedger = (
  tx: SqlRunner,
  entry: {
    kind: "action";
    caseId: number;
    blobs: string[];
    actor: string;
    details: Record<string, unknown>;
  },
) => Promise<unknown>;

/** Cases: the analyst's moves on them, each in one transaction with its audit entry. */
export class CaseService {
  constructor(
    private readonly store: Store,
    private readonly policy: CasePolicy,
    private readonly ledger?: ActionLedger,
    /** Told of every move after it commits (reporter updates, reply tokens). */
    readonly afterTransition: ((caseId: number, to: CaseState) => Promise<unknown>)[] = [],
  ) {}

  private async read(db: SqlRunner, id: number): Promise<CaseSummary> {
    const [row] = await db.query<CaseRow>("SELECT * FROM cases WHERE id = $1", [id]);
    if (!row) throw notFound(`case ${id}`);
    return presentCase(row);
  }

  /** Moves a case to another state; the state machine and the SLA clock decide what follows. */
  async transition(id: number, to: CaseState, actor: string, reason: string): Promise<CaseSummary> {
    try {
      const moved = await this.store.transaction(async (tx) => {
        await this.transitionIn(tx, id, to, actor, reason);
        return this.read(tx, id);
      });
      for (const hook of this.afterTransition) await hook(id, to);
      return moved;
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(
          `case ${id} cannot be reopened: another open case holds the same group; merge the two instead`,
        );
      throw e;
    }
  }

  private async transitionIn(tx: Tx, id: number, to: CaseState, actor: string, reason: string) {
    const c = await lockCase(tx, id);
    if (c.merged_into !== null)
      throw conflict(`case ${id} was merged into case ${c.merged_into}; work on that one`);
    if (c.state === to) throw conflict(`case ${id} is already ${to}`);
    if (!TRANSITIONS[c.state].includes(to)) {
      throw conflict(
        `case ${id} is ${c.state}: it can go to ${TRANSITIONS[c.state].join(", ")}, not to ${to}`,
      );
    }
    const sla = slaOf(this.policy, c.classification_type);
    let clock = moveClock(clockOf(c), to, sla, new Date());
    if (!OPEN_STATES.includes(c.state) && OPEN_STATES.includes(to)) {
      // Reopened by hand: the case is worked again, so it is resolved again later.
      clock = { ...clock, resolved_at: null };
    }
    await saveClock(tx, id, clock);
    await recordTransition(tx, id, c.state, to, actor, reason);
  }

  /** The same move for many cases; each succeeds or fails on its own. */
  async bulkTransition(
    ids: number[],
    to: CaseState,
    actor: string,
    reason: string,
  ): Promise<{ id: number; ok: boolean; state?: CaseState; error?: string }[]> {
    const out: { id: number; ok: boolean; state?: CaseState; error?: string }[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        const c = await this.transition(id, to, actor, reason);
        out.push({ id, ok: true, state: c.state });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        out.push({ id, ok: false, error: e.message });
      }
    }
    return out;
  }

  /** Gives a case to an analyst (or to nobody). */
  async assign(id: number, assignee: string | null, actor: string): Promise<CaseSummary> {
    return this.store.transaction(async (tx) => {
      const c = await lockCase(tx, id);
      if (assignee !== null) {
        if (!(await isActiveUser(tx, assignee))) {
          throw new UserError(
            "unknown_user",
            `no active user named "${assignee}" (mogura user create ${assignee} --role analyst)`,
          );
        }
      }
      await tx.db.update(cases).set({ assignee, updatedAt: dbNow }).where(eq(cases.id, id));
      await timeline(tx, id, "assigned", actor, { from: c.assignee, to: assignee });
      await appendAuditSql(tx, {
        actor,
        action: "case.assigned",
        target: `case:${id}`,
        details: { from: c.assignee, to: assignee },
      });
      return this.read(tx, id);
    });
  }

  /** Adds a note to the case's timeline. */
  async note(id: number, text: string, actor: string): Promise<CaseSummary> {
    return this.store.transaction(async (tx) => {
      await lockCase(tx, id);
      await timeline(tx, id, "note", actor, { text });
      await tx.db.update(cases).set({ updatedAt: dbNow }).where(eq(cases.id, id));
      return this.read(tx, id);
    });
  }

  /** Sets the misuse type an analyst has decided on, with the reason. */
  async setMisuse(
    id: number,
    misuse: MisuseType,
    reason: string,
    actor: string,
  ): Promise<CaseSummary> {
    return this.store.transaction(async (tx) => {
      const c = await lockCase(tx, id);
      await tx.db
        .update(cases)
        .set({ misuseType: misuse, updatedAt: dbNow })
        .where(eq(cases.id, id));
      const detail = { from: c.misuse_type, to: misuse, reason };
      await timeline(tx, id, "misuse", actor, detail);
      await appendAuditSql(tx, {
        actor,
        action: "case.misuse_set",
        target: `case:${id}`,
        details: detail,
      });
      return this.read(tx, id);
    });
  }

  /** The actions the policy allows on this case, by what the provider can reach. */
  async allowed(id: number): Promise<string[]> {
    const [c] = await this.store.query<CaseRow>("SELECT * FROM cases WHERE id = $1", [id]);
    if (!c) throw notFound(`case ${id}`);
    return allowedActions(this.policy, this.targetOfCase(c));
  }

  /** Every action of the policy's catalog for this case: allowed, or why not (en and ja). */
  async actions(id: number): Promise<
    {
      action: string;
      label_en: string;
      label_ja: string;
      requires_reason: boolean;
      allowed: boolean;
      reason_en: string | null;
      reason_ja: string | null;
    }[]
  > {
    const [c] = await this.store.query<CaseRow>("SELECT * FROM cases WHERE id = $1", [id]);
    if (!c) throw notFound(`case ${id}`);
    const target = this.targetOfCase(c);
    const allowed = new Set(allowedActions(this.policy, target));
    return Object.entries(this.policy.actions.catalog).map(([action, def]) => {
      const why = allowed.has(action) ? null : disallowedReason(action, target);
      return {
        action,
        label_en: def.label_en,
        label_ja: def.label_ja,
        requires_reason: def.requires_reason,
        allowed: allowed.has(action),
        reason_en: why?.en ?? null,
        reason_ja: why?.ja ?? null,
      };
    });
  }

  private targetOfCase(c: CaseRow) {
    return targetOf({
      ownership: c.ownership,
      service_type: (c.service_type as ServiceType | null) ?? null,
    });
  }

  /**
   * Records what the provider did. The action must be one the service type allows (else 409
   * with the reason), and needs its legal basis; some (looking into files) need a reason too.
   * The first action stops the first-action clock.
   */
  async recordAction(
    id: number,
    input: {
      action: string;
      legal_basis: string;
      reason?: string;
      note?: string;
      evidence?: string[];
    },
    actor: string,
  ): Promise<CaseSummary> {
    return this.store.transaction(async (tx) => {
      const c = await lockCase(tx, id);
      if (c.merged_into !== null)
        throw conflict(`case ${id} was merged into case ${c.merged_into}; work on that one`);
      const target = this.targetOfCase(c);
      const allowed = allowedActions(this.policy, target);
      const def = this.policy.actions.catalog[input.action];
      if (!def) {
        throw new UserError(
          "unknown_action",
          `unknown action "${input.action}"; the policy knows ${Object.keys(this.policy.actions.catalog).join(", ")}`,
        );
      }
      if (!allowed.includes(input.action)) {
        const why = disallowedReason(input.action, target).en;
        throw new UserError(
          "action_not_allowed",
          `${input.action} is not possible on case ${id}: ${why}. Allowed: ${allowed.join(", ") || "none"}`,
          409,
          { allowed },
        );
      }
      if (def.requires_reason && !input.reason?.trim()) {
        throw new UserError(
          "reason_required",
          `${input.action} needs a recorded reason (communications secrecy): say why it is necessary`,
        );
      }
      const detail = {
        action: input.action,
        legal_basis: input.legal_basis,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.note ? { note: input.note } : {}),
        evidence: input.evidence ?? [],
      };
      await timeline(tx, id, "action", actor, detail);
      if (!c.first_action_at)
        await tx.db.update(cases).set({ firstActionAt: dbNow }).where(eq(cases.id, id));
      const [fresh] = await tx.query<CaseRow>("SELECT * FROM cases WHERE id = $1", [id]);
      await saveClock(tx, id, clockOf(fresh as CaseRow));
      await appendAuditSql(tx, {
        actor,
        action: "case.action",
        target: `case:${id}`,
        details: detail,
      });
      await this.ledger?.(tx, {
        kind: "action",
        caseId: id,
        blobs: input.evidence ?? [],
        actor,
        details: detail,
      });
      return this.read(tx, id);
    });
  }

  /** Moves the events of other cases into this one; the others close as merged. */
  async merge(id: number, others: number[], actor: string, reason: string): Promise<CaseSummary> {
    return this.store.transaction(async (tx) => {
      const ids = [...new Set(others)].filter((o) => o !== id);
      if (ids.length === 0) throw new UserError("invalid_request", "name at least one other case");
      for (const cid of [id, ...ids].sort((a, b) => a - b)) await lockCase(tx, cid);
      const target = await lockCase(tx, id);
      if (target.merged_into !== null)
        throw conflict(`case ${id} was itself merged into ${target.merged_into}`);
      for (const o of ids) {
        const src = await lockCase(tx, o);
        if (src.merged_into !== null)
          throw conflict(`case ${o} was already merged into ${src.merged_into}`);
        const moved = await moveAllEvents(tx, o, id);
        await tx.query(
          `UPDATE cases AS t SET event_count = t.event_count + $2,
              first_event_at = least(t.first_event_at, s.first_event_at),
              last_event_at = greatest(t.last_event_at, s.last_event_at), updated_at = now()
             FROM cases AS s WHERE t.id = $1 AND s.id = $3`,
          [id, moved.length, o],
        );
        await tx.db
          .update(cases)
          .set({
            state: "closed",
            closedAt: dbNow,
            mergedInto: id,
            eventCount: 0,
            nextDeadline: null,
            updatedAt: dbNow,
          })
          .where(eq(cases.id, o));
        await timeline(tx, o, "merged", actor, { into: id, events: moved.length, reason });
        await timeline(tx, id, "merged", actor, { from: o, events: moved.length, reason });
        await appendAuditSql(tx, {
          actor,
          action: "case.merged",
          target: `case:${o}`,
          details: { into: id, events: moved.length, reason, previous_state: src.state },
        });
      }
      return this.read(tx, id);
    });
  }

  /**
   * Moves some events of a case into a new case of the same kind and owner (one case turned
   * out to be two). New events keep joining the original case.
   */
  async split(id: number, eventIds: number[], actor: string, reason: string): Promise<CaseSummary> {
    return this.store.transaction(async (tx) => {
      const c = await lockCase(tx, id);
      const ids = [...new Set(eventIds)];
      const mine = await eventsOnCase(tx, id, ids);
      if (mine.length !== ids.length) {
        const found = new Set(mine);
        throw new UserError(
          "invalid_request",
          `events ${ids.filter((e) => !found.has(e)).join(", ")} are not on case ${id}`,
        );
      }
      if (mine.length >= c.event_count)
        throw new UserError("invalid_request", "a split must leave at least one event on the case");
      const [made] = await tx.query<{ id: string }>(
        `INSERT INTO cases (group_key, state, classification_type, taxonomy, ownership, service_id,
           service_type, customer_id, team_id, netblock_id, resource, misuse_type, misuse_suggestions,
           assignee, first_event_at, last_event_at, first_action_due, resolution_due, first_action_at,
           next_deadline)
         SELECT group_key || '#split-' || $2, 'new', classification_type, taxonomy, ownership, service_id,
           service_type, customer_id, team_id, netblock_id, resource, misuse_type, misuse_suggestions,
           assignee, first_event_at, last_event_at, first_action_due, resolution_due, NULL,
           least(first_action_due, resolution_due)
           FROM cases WHERE id = $1
         RETURNING id`,
        [id, Date.now().toString(36)],
      );
      const newId = Number(made?.id);
      await moveEvents(tx, ids, newId);
      for (const cid of [id, newId]) {
        await tx.query(
          `UPDATE cases SET event_count = s.n, first_event_at = coalesce(s.f, first_event_at),
             last_event_at = coalesce(s.l, last_event_at), updated_at = now()
             FROM (SELECT count(*)::int AS n,
                          min(coalesce((data->>'time.source')::timestamptz, first_seen)) AS f,
                          max(coalesce((data->>'time.source')::timestamptz, last_seen)) AS l
                     FROM events WHERE case_id = $1) AS s
            WHERE id = $1`,
          [cid],
        );
      }
      await timeline(tx, id, "split", actor, { to: newId, events: ids, reason });
      await timeline(tx, newId, "split", actor, { from: id, events: ids, reason });
      await appendAuditSql(tx, {
        actor,
        action: "case.split",
        target: `case:${id}`,
        details: { new_case: newId, events: ids, reason },
      });
      return this.read(tx, newId);
    });
  }
}
