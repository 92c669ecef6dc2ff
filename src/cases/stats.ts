import { z } from "zod";
import { UserError } from "../domain/errors.ts";
import type { SqlRunner } from "../store/database.ts";

/** A period boundary: a UTC day (`2026-01-31`) or an instant with its offset. */
export const PeriodDate = z
  .string()
  .refine(
    (s) =>
      z.iso.date().safeParse(s).success || z.iso.datetime({ offset: true }).safeParse(s).success,
    "expected a date (2026-01-31) or a date-time with offset (2026-01-31T09:00:00+09:00)",
  );

/** The period asked for; both ends optional (the last 12 UTC months up to now). */
export const StatsPeriodQuery = z.object({
  from: PeriodDate.optional().describe(
    "first day (UTC) or instant; default: 11 months before `to`'s month, from its first day",
  ),
  to: PeriodDate.optional().describe(
    "last day (UTC, included) or instant (excluded); default: now",
  ),
});
export type StatsPeriod = z.infer<typeof StatsPeriodQuery>;

/** The period as the figures were computed: `[from, to)`. */
export const ResolvedPeriod = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });

const Month = z.string().describe("UTC month, YYYY-MM");
const Count = z.number().int().nonnegative();
const Hours = z.number().nullable().describe("hours, rounded to 0.01; null when no case counts");
const Share = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .describe("within / (within + missed), rounded to 0.001; null when no case counts");

export const ReportStats = z.object({
  period: ResolvedPeriod,
  months: z.array(z.object({ month: Month, type: z.string(), reports: Count })),
  by_channel: z.array(z.object({ month: Month, channel: z.string(), reports: Count })),
  total: Count,
});
export type ReportStats = z.infer<typeof ReportStats>;

const Timing = z.object({ count: Count, median_hours: Hours, p90_hours: Hours });
const SlaShare = z.object({ within: Count, missed: Count, share: Share });

export const CaseStats = z.object({
  period: ResolvedPeriod,
  team: z.string().nullable(),
  months: z.array(z.object({ month: Month, type: z.string(), opened: Count, resolved: Count })),
  by_team: z.array(
    z.object({
      team_id: z.string().nullable().describe("null: cases without a team (not ours)"),
      opened: Count,
      resolved: Count,
      open_now: Count.describe("not yet resolved today, whenever opened"),
    }),
  ),
  timing: z.object({ first_action: Timing, resolution: Timing }),
  sla: z.object({ first_action: SlaShare, resolution: SlaShare }),
  by_type_timing: z.array(
    z.object({
      type: z.string(),
      cases: Count,
      first_action_median_hours: Hours,
      resolution_median_hours: Hours,
      first_action_share_within: Share,
      resolution_share_within: Share,
    }),
  ),
});
export type CaseStats = z.infer<typeof CaseStats>;

export const TrackingStats = z.object({
  years: z.array(
    z.object({
      prefix: z.string(),
      year: z.number().int(),
      issued: Count.describe("the last sequence number issued that year"),
      stored: Count.describe("reports kept with a number of that year (fewer once purged)"),
    }),
  ),
});
export type TrackingStats = z.infer<typeof TrackingStats>;

const DAY = 86_400_000;
const isDay = (s: string) => z.iso.date().safeParse(s).success;

function parseBoundary(name: string, s: string): Date {
  if (!PeriodDate.safeParse(s).success)
    throw new UserError(
      "invalid_period",
      `${name} must be a date (2026-01-31) or a date-time with offset, not "${s}"`,
    );
  return new Date(isDay(s) ? `${s}T00:00:00Z` : s);
}

/**
 * The period as `[from, to)` instants: a date-only `to` includes its whole UTC day; the
 * default starts on the first day of the month 11 months before `to`'s, so that the
 * answer holds 12 whole calendar months (the last one up to now).
 */
export function resolvePeriod(period: StatsPeriod, now = new Date()): { from: Date; to: Date } {
  const toStart = period.to ? parseBoundary("to", period.to) : now;
  const to = period.to && isDay(period.to) ? new Date(toStart.getTime() + DAY) : toStart;
  let from: Date;
  if (period.from) {
    from = parseBoundary("from", period.from);
    if (period.to && from > toStart)
      throw new UserError("invalid_period", `from (${period.from}) is after to (${period.to})`);
  } else {
    // The month holding the last included instant, not the one `to` opens.
    const last = new Date(to.getTime() - 1);
    from = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 11, 1));
  }
  return { from, to };
}

// Raw SQL: the statistics are CTEs, FULL JOINs, FILTERed counts, GROUPING SETS and
// percentile_cont over cases, reports, events and tracking sequences; drizzle would only wrap
// each of them in sql``.

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const MONTH = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM')`;

/**
 * Reports received in the period, per month and type, per month and channel. A report
 * counts once for each distinct type among the events it brought (stored or seen again);
 * quarantined ones count as `unparsed`, queued ones as `pending`, processed ones without
 * any event as `no_events`. Uploads still `receiving` are not reports yet.
 */
export async function reportStats(db: SqlRunner, period: StatsPeriod): Promise<ReportStats> {
  const { from, to } = resolvePeriod(period);
  const inPeriod = `WITH r AS (
      SELECT id, status, channel, ${MONTH("received_at")} AS month FROM reports
      WHERE status <> 'receiving' AND received_at >= $1::timestamptz AND received_at < $2::timestamptz)`;
  const params = [from.toISOString(), to.toISOString()];
  const months = await db.query<{ month: string; type: string; reports: number }>(
    `${inPeriod},
     t AS (
       SELECT e.report_id, e.classification_type AS type FROM events e JOIN r ON r.id = e.report_id
       UNION
       SELECT s.report_id, e.classification_type FROM event_sightings s
         JOIN r ON r.id = s.report_id JOIN events e ON e.id = s.event_id)
     SELECT r.month,
       coalesce(t.type, CASE r.status WHEN 'quarantined' THEN 'unparsed' WHEN 'queued' THEN 'pending'
                                      ELSE 'no_events' END) AS type,
       count(DISTINCT r.id)::int AS reports
     FROM r LEFT JOIN t ON t.report_id = r.id
     GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  const byChannel = await db.query<{ month: string; channel: string; reports: number }>(
    `${inPeriod} SELECT month, channel, count(*)::int AS reports FROM r GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  const [total] = await db.query<{ n: number }>(
    `${inPeriod} SELECT count(*)::int AS n FROM r`,
    params,
  );
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    months: months.map((m) => ({ ...m, reports: Number(m.reports) })),
    by_channel: byChannel.map((c) => ({ ...c, reports: Number(c.reports) })),
    total: Number(total?.n ?? 0),
  };
}

interface TimingRow {
  overall: number;
  type: string | null;
  cases: number;
  fa_count: number;
  fa_median: unknown;
  fa_p90: unknown;
  res_count: number;
  res_median: unknown;
  res_p90: unknown;
  fa_within: number;
  fa_missed: number;
  fa_share: unknown;
  res_within: number;
  res_missed: number;
  res_share: unknown;
}

const SHARE = (w: string, m: string) => `round(${w}::numeric / nullif(${w} + ${m}, 0), 3)`;

/**
 * Cases per month and type (opened by `created_at`, resolved by `resolved_at`), per team,
 * and — for the non-rejected cases opened in the period — how fast and how often within the
 * SLA they were first acted upon and resolved. Merged cases never count.
 */
export async function caseStats(
  db: SqlRunner,
  period: StatsPeriod,
  opts: { team?: string } = {},
): Promise<CaseStats> {
  const { from, to } = resolvePeriod(period);
  const params = [from.toISOString(), to.toISOString(), opts.team ?? null];
  const base = `WITH c AS (
      SELECT * FROM cases WHERE merged_into IS NULL AND ($3::text IS NULL OR team_id = $3::text))`;
  const opened = `created_at >= $1::timestamptz AND created_at < $2::timestamptz`;
  const resolved = `resolved_at >= $1::timestamptz AND resolved_at < $2::timestamptz`;

  const months = await db.query<{ month: string; type: string; opened: number; resolved: number }>(
    `${base},
     o AS (SELECT ${MONTH("created_at")} AS month, classification_type AS type, count(*)::int AS n
           FROM c WHERE ${opened} GROUP BY 1, 2),
     r AS (SELECT ${MONTH("resolved_at")} AS month, classification_type AS type, count(*)::int AS n
           FROM c WHERE ${resolved} GROUP BY 1, 2)
     SELECT coalesce(o.month, r.month) AS month, coalesce(o.type, r.type) AS type,
       coalesce(o.n, 0) AS opened, coalesce(r.n, 0) AS resolved
     FROM o FULL JOIN r ON r.month = o.month AND r.type = o.type
     ORDER BY 1, 2`,
    params,
  );

  const byTeam = await db.query<{
    team_id: string | null;
    opened: number;
    resolved: number;
    open_now: number;
  }>(
    `${base},
     t AS (SELECT team_id,
       count(*) FILTER (WHERE ${opened})::int AS opened,
       count(*) FILTER (WHERE ${resolved})::int AS resolved,
       count(*) FILTER (WHERE state IN ('new', 'acknowledged', 'waiting_customer', 'action_taken'))::int AS open_now
       FROM c GROUP BY team_id)
     SELECT * FROM t WHERE opened > 0 OR resolved > 0 OR open_now > 0
     ORDER BY team_id NULLS LAST`,
    params,
  );

  // The clock of a case waiting for its customer stands still: a deadline it has not reached
  // when the wait began is not overdue yet (the wait is added to it when the case moves on).
  const timing = await db.query<TimingRow>(
    `${base},
     k AS (
       SELECT classification_type AS type,
         extract(epoch FROM first_action_at - created_at)::float8 / 3600 AS fa_h,
         -- greatest() skips NULLs: without the CASE an unresolved case would count as 0 h.
         CASE WHEN resolved_at IS NOT NULL THEN
           greatest(extract(epoch FROM resolved_at - created_at)::float8 - paused_seconds, 0) / 3600
         END AS res_h,
         first_action_due IS NOT NULL AND first_action_at <= first_action_due AS fa_in,
         first_action_due IS NOT NULL AND (first_action_at > first_action_due
           OR (first_action_at IS NULL AND first_action_due < coalesce(paused_since, now()))) AS fa_out,
         resolution_due IS NOT NULL AND resolved_at <= resolution_due AS res_in,
         resolution_due IS NOT NULL AND (resolved_at > resolution_due
           OR (resolved_at IS NULL AND resolution_due < coalesce(paused_since, now()))) AS res_out
       FROM c WHERE state <> 'rejected' AND ${opened}),
     g AS (
       SELECT grouping(type) AS overall, type, count(*)::int AS cases,
         count(fa_h)::int AS fa_count,
         round((percentile_cont(0.5) WITHIN GROUP (ORDER BY fa_h))::numeric, 2) AS fa_median,
         round((percentile_cont(0.9) WITHIN GROUP (ORDER BY fa_h))::numeric, 2) AS fa_p90,
         count(res_h)::int AS res_count,
         round((percentile_cont(0.5) WITHIN GROUP (ORDER BY res_h))::numeric, 2) AS res_median,
         round((percentile_cont(0.9) WITHIN GROUP (ORDER BY res_h))::numeric, 2) AS res_p90,
         count(*) FILTER (WHERE fa_in)::int AS fa_within,
         count(*) FILTER (WHERE fa_out)::int AS fa_missed,
         count(*) FILTER (WHERE res_in)::int AS res_within,
         count(*) FILTER (WHERE res_out)::int AS res_missed
       FROM k GROUP BY GROUPING SETS ((type), ()))
     SELECT *, ${SHARE("fa_within", "fa_missed")} AS fa_share,
       ${SHARE("res_within", "res_missed")} AS res_share
     FROM g ORDER BY overall DESC, type`,
    params,
  );
  const all = timing.find((t) => Number(t.overall) === 1);
  const sla = (w: unknown, m: unknown, s: unknown) => ({
    within: Number(w ?? 0),
    missed: Number(m ?? 0),
    share: num(s),
  });

  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    team: opts.team ?? null,
    months: months.map((m) => ({ ...m, opened: Number(m.opened), resolved: Number(m.resolved) })),
    by_team: byTeam.map((t) => ({
      team_id: t.team_id,
      opened: Number(t.opened),
      resolved: Number(t.resolved),
      open_now: Number(t.open_now),
    })),
    timing: {
      first_action: {
        count: Number(all?.fa_count ?? 0),
        median_hours: num(all?.fa_median),
        p90_hours: num(all?.fa_p90),
      },
      resolution: {
        count: Number(all?.res_count ?? 0),
        median_hours: num(all?.res_median),
        p90_hours: num(all?.res_p90),
      },
    },
    sla: {
      first_action: sla(all?.fa_within, all?.fa_missed, all?.fa_share),
      resolution: sla(all?.res_within, all?.res_missed, all?.res_share),
    },
    by_type_timing: timing
      .filter((t) => Number(t.overall) === 0)
      .map((t) => ({
        type: t.type as string,
        cases: Number(t.cases),
        first_action_median_hours: num(t.fa_median),
        resolution_median_hours: num(t.res_median),
        first_action_share_within: num(t.fa_share),
        resolution_share_within: num(t.res_share),
      })),
  };
}

/**
 * Tracking numbers issued per prefix and year (the sequence's last value), with the number
 * of reports still stored under that prefix and year as a cross-check.
 */
export async function trackingStats(db: SqlRunner): Promise<TrackingStats> {
  const rows = await db.query<{ prefix: string; year: number; issued: number; stored: number }>(
    `WITH stored AS (
       SELECT regexp_replace(tracking_number, '-[0-9]+$', '') AS prefix_year, count(*)::int AS n
       FROM reports WHERE tracking_number IS NOT NULL GROUP BY 1)
     SELECT s.prefix, s.year, s.last AS issued, coalesce(st.n, 0) AS stored
     FROM tracking_sequences s LEFT JOIN stored st ON st.prefix_year = s.prefix || '-' || s.year
     ORDER BY s.prefix, s.year`,
  );
  return {
    years: rows.map((r) => ({
      prefix: r.prefix,
      year: Number(r.year),
      issued: Number(r.issued),
      stored: Number(r.stored),
    })),
  };
}
