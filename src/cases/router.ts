import { eq, sql } from "drizzle-orm";
import { appendAuditSql } from "../audit/audit-log.ts";
import { mapLimit } from "../domain/concurrency.ts";
import { assignEventsToCases, unroutedEvents } from "../intake/event-store.ts";
import { receivedAtOf } from "../intake/report-store.ts";
import { eventTime, type InventoryResolver, type Resolution } from "../resolve/resolver.ts";
import type { SqlRunner, Store, Tx } from "../store/database.ts";
import { cases } from "../store/schema.ts";
import type { CaseRow } from "./case-rows.ts";
import { groupKeyOf } from "./grouping.ts";
import { suggestMisuse } from "./misuse.ts";
import { type CasePolicy, slaOf } from "./policy.ts";
import { nextDeadline, startClock } from "./sla.ts";

// Raw SQL: routing is the hot path, a thousand events a batch. The open cases of a batch's
// groups are taken FOR UPDATE (and SKIP LOCKED by the closer) as whole CaseRows, new cases and
// their counts and timeline entries are written in one `unnest` statement each, with the
// partial unique index settling races (ON CONFLICT … DO NOTHING), and re-sightings are read by
// joining the intake module's tables. recordTransition takes a bare SqlRunner from its callers.
// The one-case updates (closing, reopening) go through drizzle.

const BATCH = 1000;
// DNS lookups for host names that are not ours run this many at a time.
const LOOKUP_CONCURRENCY = 32;
const DAY = 86_400_000;

export interface RouteDeps {
  store: Store;
  resolver: InventoryResolver;
  policy: CasePolicy;
}

export interface RouteOutcome {
  events: number;
  casesCreated: number;
  casesJoined: number;
  reopened: number;
}

interface Routed {
  eventId: string;
  type: string;
  taxonomy: string;
  at: number;
  resolution: Resolution;
  key: string;
  resource: string;
}

/**
 * Puts the events of a report on their cases: each event is resolved to its owner at its
 * own time, grouped by the policy's key, and joins the open case of its group or starts
 * one. A repeat on a resolved case within the reopen window reopens it as re-emerged.
 * Safe to run twice: only events without a case are routed.
 */
export async function routeReport(deps: RouteDeps, reportId: string): Promise<RouteOutcome> {
  const { store, resolver, policy } = deps;
  await resolver.refresh();
  const received = await receivedAtOf(store, reportId);
  const outcome: RouteOutcome = { events: 0, casesCreated: 0, casesJoined: 0, reopened: 0 };
  if (!received) return outcome;
  const receivedAt = received.getTime();
  let after = "0";
  for (;;) {
    const rows = await unroutedEvents(store, reportId, after, BATCH);
    if (rows.length === 0) break;
    after = String(rows[rows.length - 1]?.id);
    const routed = await mapLimit(rows, LOOKUP_CONCURRENCY, async (ev): Promise<Routed> => {
      const at = eventTime(ev.data, receivedAt);
      const resolution = await resolver.resolve(ev.data, at);
      const type = ev.classification_type;
      const taxonomy = String(ev.data["classification.taxonomy"] ?? "other");
      const feed = String(ev.data["feed.name"] ?? "");
      const { key, resource } = groupKeyOf(policy, { type, taxonomy, feed, resolution });
      return { eventId: String(ev.id), type, taxonomy, at, resolution, key, resource };
    });
    const part = await store.transaction((tx) => attach(tx, policy, reportId, routed));
    outcome.events += routed.length;
    outcome.casesCreated += part.created;
    outcome.casesJoined += part.joined;
    outcome.reopened += part.reopened;
  }
  outcome.reopened += await store.transaction((tx) => reviveSighted(tx, policy, reportId));
  return outcome;
}

/** Open cases of these groups, locked; resolved ones past the reopen window are closed first. */
async function openCases(
  tx: Tx,
  policy: CasePolicy,
  keys: string[],
): Promise<Map<string, CaseRow>> {
  const rows = await tx.query<CaseRow>(
    `SELECT * FROM cases WHERE group_key = ANY($1::text[]) AND state NOT IN ('closed', 'rejected')
      ORDER BY id FOR UPDATE`,
    [keys],
  );
  const open = new Map<string, CaseRow>();
  for (const c of rows) {
    if (c.state === "resolved" && !withinReopenWindow(policy, c)) {
      await closeExpired(tx, c);
      continue;
    }
    open.set(c.group_key, c);
  }
  return open;
}

const withinReopenWindow = (policy: CasePolicy, c: CaseRow) =>
  c.resolved_at !== null &&
  Date.now() - new Date(c.resolved_at).getTime() <= policy.reopen_window_days * DAY;

async function closeExpired(tx: Tx, c: CaseRow) {
  await tx.db
    .update(cases)
    .set({ state: "closed", closedAt: sql`now()`, nextDeadline: null, updatedAt: sql`now()` })
    .where(eq(cases.id, Number(c.id)));
  await recordTransition(tx, c.id, "resolved", "closed", "system", "the reopen window passed");
}

/** One transition in the case's timeline and the audit log. */
export async function recordTransition(
  tx: SqlRunner,
  caseId: string | number,
  from: string,
  to: string,
  actor: string,
  reason: string,
  extra: Record<string, unknown> = {},
) {
  await tx.query(
    "INSERT INTO case_timeline (case_id, kind, actor, detail) VALUES ($1, 'transition', $2, $3::jsonb)",
    [caseId, actor, JSON.stringify({ from, to, reason, ...extra })],
  );
  await appendAuditSql(tx, {
    actor,
    action: "case.transition",
    target: `case:${caseId}`,
    details: { from, to, reason, ...extra },
  });
}

/** Reopens a resolved case that saw its abuse again: back to new, with fresh deadlines. */
async function reopen(tx: Tx, policy: CasePolicy, c: CaseRow, reportId: string) {
  const clock = startClock(slaOf(policy, c.classification_type), new Date());
  const deadline = nextDeadline({
    state: "new",
    ...clock,
    first_action_at: null,
    resolved_at: null,
    paused_since: null,
    paused_seconds: 0,
  });
  await tx.db
    .update(cases)
    .set({
      state: "new",
      reemerged: true,
      reemergedCount: sql`${cases.reemergedCount} + 1`,
      firstActionDue: clock.first_action_due,
      resolutionDue: clock.resolution_due,
      firstActionAt: null,
      resolvedAt: null,
      notifiedAt: null,
      pausedSince: null,
      nextDeadline: deadline,
      updatedAt: sql`now()`,
    })
    .where(eq(cases.id, Number(c.id)));
  await recordTransition(tx, c.id, "resolved", "new", "system", "the abuse was reported again", {
    reemerged: true,
    report_id: reportId,
  });
}

async function attach(
  tx: Tx,
  policy: CasePolicy,
  reportId: string,
  routed: Routed[],
): Promise<{ created: number; joined: number; reopened: number }> {
  const groups = new Map<string, Routed[]>();
  for (const r of routed) groups.set(r.key, [...(groups.get(r.key) ?? []), r]);
  const keys = [...groups.keys()].sort();
  const open = await openCases(tx, policy, keys);
  let reopened = 0;
  for (const c of open.values()) {
    if (c.state === "resolved") {
      await reopen(tx, policy, c, reportId);
      reopened++;
    }
  }
  const missing = keys.filter((k) => !open.has(k));
  const created = new Set<string>();
  if (missing.length > 0) {
    const now = new Date();
    const fresh = missing.map((k) => {
      const first = (groups.get(k) as Routed[])[0] as Routed;
      const clock = startClock(slaOf(policy, first.type), now);
      const r = first.resolution;
      return {
        key: k,
        first,
        clock,
        suggestions: suggestMisuse(policy, first.type, r, first.at),
      };
    });
    const inserted = await tx.query<{ id: string; group_key: string }>(
      `INSERT INTO cases (group_key, classification_type, taxonomy, ownership, service_id, service_type,
         customer_id, team_id, netblock_id, resource, misuse_suggestions, first_event_at, last_event_at,
         first_action_due, resolution_due, next_deadline, created_at, updated_at)
       SELECT k, t, tx, o, s, st, cu, te, nb, res, ms::jsonb, $14, $14, fa, rd, least(fa, rd), $14, $14
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::bigint[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[])
           AS u(k, t, tx, o, s, st, cu, te, nb, res, ms, fa, rd)
       ON CONFLICT (group_key) WHERE state NOT IN ('closed', 'rejected') DO NOTHING
       RETURNING id, group_key`,
      [
        fresh.map((f) => f.key),
        fresh.map((f) => f.first.type),
        fresh.map((f) => f.first.taxonomy),
        fresh.map((f) => f.first.resolution.ownership),
        fresh.map((f) => f.first.resolution.service_id),
        fresh.map((f) => f.first.resolution.service_type),
        fresh.map((f) => f.first.resolution.customer_id),
        fresh.map((f) => f.first.resolution.team_id),
        fresh.map((f) => f.first.resolution.netblock_id),
        fresh.map((f) => f.first.resource),
        fresh.map((f) => JSON.stringify(f.suggestions)),
        fresh.map((f) => f.clock.first_action_due),
        fresh.map((f) => f.clock.resolution_due),
        now,
      ],
    );
    for (const row of inserted) {
      created.add(row.group_key);
      open.set(row.group_key, { id: row.id, group_key: row.group_key } as CaseRow);
    }
    // Another router made some of these groups' cases in the meantime: join them.
    const raced = missing.filter((k) => !created.has(k));
    if (raced.length > 0) for (const [k, c] of await openCases(tx, policy, raced)) open.set(k, c);
  }

  const eventIds: string[] = [];
  const caseIds: string[] = [];
  const resolutions: string[] = [];
  const perCase = new Map<string, { n: number; first: number; last: number; key: string }>();
  for (const [key, list] of groups) {
    const c = open.get(key);
    if (!c) throw new Error(`no open case for group ${key}`);
    const id = String(c.id);
    const agg = perCase.get(id) ?? { n: 0, first: Infinity, last: -Infinity, key };
    for (const r of list) {
      eventIds.push(r.eventId);
      caseIds.push(id);
      resolutions.push(JSON.stringify(r.resolution));
      agg.n++;
      agg.first = Math.min(agg.first, r.at);
      agg.last = Math.max(agg.last, r.at);
    }
    perCase.set(id, agg);
  }
  await assignEventsToCases(tx, eventIds, caseIds, resolutions);
  const ids = [...perCase.keys()].sort((a, b) => Number(a) - Number(b));
  const agg = ids.map(
    (id) => perCase.get(id) as { n: number; first: number; last: number; key: string },
  );
  await tx.query(
    `UPDATE cases AS c SET event_count = c.event_count + u.n,
        first_event_at = CASE WHEN c.event_count = 0 THEN u.f ELSE least(c.first_event_at, u.f) END,
        last_event_at = CASE WHEN c.event_count = 0 THEN u.l ELSE greatest(c.last_event_at, u.l) END,
        updated_at = greatest(c.updated_at, now())
       FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS u(id, n, f, l)
      WHERE c.id = u.id`,
    [ids, agg.map((a) => a.n), agg.map((a) => new Date(a.first)), agg.map((a) => new Date(a.last))],
  );
  await tx.query(
    `INSERT INTO case_timeline (case_id, kind, actor, detail)
     SELECT c, k, 'system', d::jsonb FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(c, k, d)`,
    [
      ids,
      agg.map((a) => (created.has(a.key) ? "created" : "events")),
      agg.map((a) =>
        JSON.stringify({
          report_id: reportId,
          events: a.n,
          ...(created.has(a.key) ? { group_key: a.key } : {}),
        }),
      ),
    ],
  );
  return { created: created.size, joined: ids.length - created.size, reopened };
}

/**
 * Events this report saw again (counted on an earlier event, not stored twice) still tell
 * that the abuse goes on: their resolved cases reopen, and their last-seen time moves.
 */
async function reviveSighted(tx: Tx, policy: CasePolicy, reportId: string): Promise<number> {
  const touched = await tx.query<{ case_id: string; last: Date }>(
    `SELECT e.case_id, max(e.last_seen) AS last FROM event_sightings s JOIN events e ON e.id = s.event_id
      WHERE s.report_id = $1 AND e.case_id IS NOT NULL GROUP BY e.case_id ORDER BY e.case_id`,
    [reportId],
  );
  if (touched.length === 0) return 0;
  const rows = await tx.query<CaseRow>(
    "SELECT * FROM cases WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
    [touched.map((t) => t.case_id)],
  );
  let reopened = 0;
  for (const c of rows) {
    if (c.state === "resolved") {
      if (withinReopenWindow(policy, c)) {
        await reopen(tx, policy, c, reportId);
        reopened++;
      } else await closeExpired(tx, c);
    }
  }
  await tx.query(
    `UPDATE cases AS c SET last_event_at = greatest(c.last_event_at, u.l), updated_at = now()
       FROM unnest($1::bigint[], $2::timestamptz[]) AS u(id, l) WHERE c.id = u.id`,
    [touched.map((t) => t.case_id), touched.map((t) => new Date(t.last))],
  );
  await tx.query(
    `INSERT INTO case_timeline (case_id, kind, actor, detail)
     SELECT c, 'events', 'system', jsonb_build_object('report_id', $2::text, 'repeated', true)
       FROM unnest($1::bigint[]) AS c`,
    [touched.map((t) => t.case_id), reportId],
  );
  return reopened;
}

/** Closes resolved cases whose reopen window has passed; returns how many. */
export async function closeResolvedCases(store: Store, policy: CasePolicy): Promise<number> {
  return store.transaction(async (tx) => {
    const rows = await tx.query<CaseRow>(
      `SELECT * FROM cases WHERE state = 'resolved'
          AND resolved_at < now() - make_interval(secs => $1) ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1000`,
      [policy.reopen_window_days * 86400],
    );
    for (const c of rows) await closeExpired(tx, c);
    return rows.length;
  });
}
