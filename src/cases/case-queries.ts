import ipaddr from "ipaddr.js";
import { z } from "zod";
import { CaseState, type CaseSummary, MisuseType, type TimelineEntry } from "../domain/case.ts";
import { notFound, UserError } from "../domain/errors.ts";
import { normalizeHost } from "../inventory/normalize.ts";
import type { SqlRunner } from "../store/database.ts";
import { type CaseRow, presentCase, presentTimeline } from "./case-rows.ts";

export const CaseListQuery = z.object({
  state: z
    .string()
    .optional()
    .describe(
      "one state, or several separated by commas; `open` means every state but closed and rejected",
    )
    .refine(
      (v) => !v || v.split(",").every((s) => s === "open" || CaseState.safeParse(s).success),
      "unknown state",
    ),
  type: z.string().optional().describe("classification type"),
  team: z.string().optional(),
  customer: z.string().optional(),
  service: z.string().optional(),
  assignee: z.string().optional(),
  ownership: z.enum(["customer", "platform", "not_ours"]).optional(),
  misuse_type: MisuseType.optional(),
  breach: z
    .enum(["any", "first_action", "resolution", "none"])
    .optional()
    .describe("cases whose deadline was missed (or is already past)"),
  reemerged: z.enum(["true", "false"]).optional(),
  resource: z
    .string()
    .optional()
    .describe("an IP, a CIDR (cases with an event inside it) or a domain (and its sub-domains)"),
  q: z.string().max(200).optional().describe("text in the resource, ids or notes"),
  sort: z.enum(["deadline", "newest", "updated"]).default("deadline"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

// Raw SQL: the queue's WHERE is assembled from whichever filters were given, and most of them
// are SQL of their own (a row-value comparison for the cursor, inet containment and host
// suffixes over the intake module's events, ILIKE over notes in the timeline, the breach
// tests against now()). Both functions take the caller's SqlRunner (the evidence package
// reads a case through the runner it was handed), which has no typed layer, and read cases
// whole into the snake_case CaseRow that presentCase takes.

const SORTS = {
  // The queue: the nearest deadline first; cases without a running deadline last.
  deadline: { expr: "coalesce(next_deadline, 'infinity'::timestamptz)", dir: "ASC" },
  newest: { expr: "created_at", dir: "DESC" },
  updated: { expr: "updated_at", dir: "DESC" },
} as const;

function decodeCursor(cursor: string): { v: string; id: number } {
  try {
    const [v, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [string, number];
    if (typeof v !== "string" || !Number.isInteger(id)) throw new Error();
    return { v, id };
  } catch {
    throw new UserError("invalid_cursor", "the cursor is not one this server gave out");
  }
}

/** A page of cases matching the filters, in the order asked for (the queue by default). */
export async function listCases(
  db: SqlRunner,
  q: CaseListQuery,
): Promise<{ items: CaseSummary[]; next_cursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.state) {
    const states = q.state.split(",");
    const list = states.includes("open")
      ? [
          ...new Set([
            ...states.filter((s) => s !== "open"),
            "new",
            "acknowledged",
            "waiting_customer",
            "action_taken",
            "resolved",
          ]),
        ]
      : states;
    where.push(`state = ANY(${p(list)}::text[])`);
  }
  if (q.type) where.push(`classification_type = ${p(q.type)}`);
  if (q.team) where.push(`team_id = ${p(q.team)}`);
  if (q.customer) where.push(`customer_id = ${p(q.customer)}`);
  if (q.service) where.push(`service_id = ${p(q.service)}`);
  if (q.assignee) where.push(`assignee = ${p(q.assignee)}`);
  if (q.ownership) where.push(`ownership = ${p(q.ownership)}`);
  if (q.misuse_type) where.push(`misuse_type = ${p(q.misuse_type)}`);
  if (q.reemerged) where.push(`reemerged = ${q.reemerged === "true"}`);
  if (q.breach) {
    const fa = `(first_action_due < coalesce(first_action_at, paused_since, now()))`;
    const rd = `(state <> 'rejected' AND resolution_due < coalesce(CASE WHEN state IN ('resolved','closed') THEN resolved_at END, paused_since, now()))`;
    where.push(
      q.breach === "first_action"
        ? fa
        : q.breach === "resolution"
          ? rd
          : q.breach === "any"
            ? `(${fa} OR ${rd})`
            : `NOT (${fa} OR ${rd})`,
    );
  }
  if (q.resource) where.push(resourceFilter(q.resource, p));
  if (q.q) {
    const like = p(`%${q.q}%`);
    where.push(
      `(resource ILIKE ${like} OR id::text = ${p(q.q)} OR service_id ILIKE ${like} OR customer_id ILIKE ${like}
        OR EXISTS (SELECT 1 FROM case_timeline t WHERE t.case_id = cases.id AND t.kind = 'note' AND t.detail->>'text' ILIKE ${like}))`,
    );
  }
  const sort = SORTS[q.sort];
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const op = sort.dir === "ASC" ? ">" : "<";
    where.push(`(${sort.expr}, id) ${op} (${p(c.v)}::timestamptz, ${p(c.id)}::bigint)`);
  }
  const rows = await db.query<CaseRow & { sort_value: string }>(
    // The sort value goes into the cursor as PostgreSQL writes it: microseconds and all.
    `SELECT *, (${sort.expr})::text AS sort_value FROM cases ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY ${sort.expr} ${sort.dir}, id ${sort.dir} LIMIT ${p(q.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const now = new Date();
  return {
    items: page.map((r) => presentCase(r, now)),
    next_cursor:
      rows.length > q.limit && last
        ? Buffer.from(JSON.stringify([String(last.sort_value), Number(last.id)])).toString(
            "base64url",
          )
        : null,
  };
}

function resourceFilter(resource: string, p: (v: unknown) => string): string {
  const r = resource.trim();
  const isNet = (() => {
    try {
      if (r.includes("/")) ipaddr.parseCIDR(r);
      else ipaddr.parse(r);
      return true;
    } catch {
      return false;
    }
  })();
  if (isNet) {
    const net = p(r);
    // The resolver only keeps addresses that parse, so the cast cannot fail.
    return `EXISTS (SELECT 1 FROM events e WHERE e.case_id = cases.id
               AND e.resolution->>'ip' IS NOT NULL AND (e.resolution->>'ip')::inet <<= ${net}::inet)`;
  }
  const host = normalizeHost(r);
  if (!host) throw new UserError("invalid_resource", `"${resource}" is not an IP, CIDR or domain`);
  const exact = p(host);
  const suffix = p(`%.${host}`);
  return `(resource = ${exact} OR resource LIKE ${suffix}
           OR EXISTS (SELECT 1 FROM events e WHERE e.case_id = cases.id
               AND (e.resolution->>'host' = ${exact} OR e.resolution->>'host' LIKE ${suffix})))`;
}

export interface CaseDetail extends CaseSummary {
  timeline: TimelineEntry[];
  events: {
    id: number;
    report_id: string;
    type: string;
    first_seen: string;
    last_seen: string;
    seen_count: number;
    data: Record<string, unknown>;
    resolution: unknown;
  }[];
  events_shown: number;
}

/** One case with its timeline and (the first `eventLimit` of) its events. */
export async function caseDetail(db: SqlRunner, id: number, eventLimit = 200): Promise<CaseDetail> {
  const [row] = await db.query<CaseRow>("SELECT * FROM cases WHERE id = $1", [id]);
  if (!row) throw notFound(`case ${id}`);
  const tl = await db.query<{
    id: string;
    at: Date;
    kind: string;
    actor: string;
    detail: Record<string, unknown>;
  }>("SELECT id, at, kind, actor, detail FROM case_timeline WHERE case_id = $1 ORDER BY id", [id]);
  const events = await db.query<{
    id: string;
    report_id: string;
    classification_type: string;
    first_seen: Date;
    last_seen: Date;
    seen_count: number;
    data: Record<string, unknown>;
    resolution: unknown;
  }>(
    `SELECT id, report_id, classification_type, first_seen, last_seen, seen_count, data, resolution
       FROM events WHERE case_id = $1 ORDER BY id LIMIT ${Number(eventLimit)}`,
    [id],
  );
  return {
    ...presentCase(row),
    timeline: tl.map(presentTimeline),
    events: events.map((e) => ({
      id: Number(e.id),
      report_id: e.report_id,
      type: e.classification_type,
      first_seen: new Date(e.first_seen).toISOString(),
      last_seen: new Date(e.last_seen).toISOString(),
      seen_count: e.seen_count,
      data: e.data,
      resolution: e.resolution,
    })),
    events_shown: events.length,
  };
}
