import { z } from "zod";
import { ResolvedPeriod, resolvePeriod, type StatsPeriod } from "../cases/stats.ts";
import type { SqlRunner } from "../store/database.ts";

// Raw SQL: the figures join the takedown module's requests and the cases module's cases to
// what the watch saw; this module may read those tables (src/store/table-owners.ts) but not
// query them through their drizzle tables.

const Timing = z.object({
  count: z.number().int().describe("how many had both ends"),
  median_hours: z.number().nullable(),
  p90_hours: z.number().nullable(),
});

const Figures = z.object({
  requests: z.number().int(),
  acknowledged: z.number().int(),
  refused: z.number().int(),
  unanswered: z.number().int().describe("requests whose deadline passed without an answer"),
  down: z.number().int().describe("requests whose resource was seen down"),
  time_to_acknowledge: Timing.describe("request sent → first answer"),
  time_to_down: Timing.describe("request sent → first check of the down spell that was confirmed"),
  share_down_24h: z.number().nullable().describe("of the requests sent at least 24 h ago"),
  share_down_48h: z.number().nullable().describe("of the requests sent at least 48 h ago"),
});

export const TakedownStats = z.object({
  period: ResolvedPeriod,
  overall: z.object({
    cases: z.number().int().describe("not-ours cases received in the period with a request sent"),
    time_to_first_request: Timing.describe("case received → first request sent"),
    uptime_after_report: Timing.describe(
      "case received → first down (the first check of the spell two checks confirmed): the figure APWG and the NCSC publish as uptime",
    ),
    last_up_before_down: Timing.describe(
      "case received → the last check that saw it up before it fell",
    ),
    share_down_24h: z.number().nullable().describe("of the cases received at least 24 h ago"),
    share_down_48h: z.number().nullable().describe("of the cases received at least 48 h ago"),
    still_up: z.number().int().describe("cases whose resource was last seen up"),
  }),
  by_recipient: z.array(Figures.extend({ recipient: z.string(), role: z.string() })),
});
export type TakedownStats = z.output<typeof TakedownStats>;

const HOUR = 3_600_000;

function timing(hours: number[]): z.output<typeof Timing> {
  if (hours.length === 0) return { count: 0, median_hours: null, p90_hours: null };
  const s = [...hours].sort((a, b) => a - b);
  // The same interpolation as PostgreSQL's percentile_cont, which the desk's other figures use.
  const at = (q: number) => {
    const pos = (s.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
  };
  const round = (h: number) => Math.round(h * 100) / 100;
  return { count: s.length, median_hours: round(at(0.5)), p90_hours: round(at(0.9)) };
}

function share(matured: { ok: boolean }[]): number | null {
  if (matured.length === 0) return null;
  return Math.round((matured.filter((m) => m.ok).length / matured.length) * 1000) / 1000;
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

/** Takedown figures for requests about cases received in the period, overall and per recipient. */
export async function takedownStats(
  db: SqlRunner,
  period: StatsPeriod,
  now = new Date(),
): Promise<TakedownStats> {
  const { from, to } = resolvePeriod(period, now);
  const rows = await db.query<{
    request_id: string;
    case_id: string;
    case_created_at: Date;
    role: string;
    recipient: string;
    state: string;
    sent_at: Date | null;
    acknowledged_at: Date | null;
    down_at: Date | null;
  }>(
    `SELECT r.id AS request_id, r.case_id, c.created_at AS case_created_at, r.role,
            coalesce(r.recipient->>'organisation', r.recipient->>'email', r.recipient->>'web_form', r.recipient->>'about') AS recipient,
            r.state, r.sent_at, r.acknowledged_at, r.down_at
       FROM takedown_requests r JOIN cases c ON c.id = r.case_id
      WHERE c.created_at >= $1 AND c.created_at < $2 AND r.sent_at IS NOT NULL
      ORDER BY r.id`,
    [from, to],
  );
  const watches = await db.query<{
    case_id: string;
    state: string;
    first_down_at: Date | null;
    down_confirmed_at: Date | null;
    last_up_at: Date | null;
  }>(
    `SELECT w.case_id, w.state, w.first_down_at, w.down_confirmed_at, w.last_up_at
       FROM watched_resources w JOIN cases c ON c.id = w.case_id
      WHERE c.created_at >= $1 AND c.created_at < $2`,
    [from, to],
  );
  // A case is down when all its watched URLs are; its first down is the latest of theirs.
  const byCase = new Map<number, { down: number | null; lastUp: number | null; up: boolean }>();
  for (const w of watches) {
    const id = Number(w.case_id);
    const c = byCase.get(id) ?? { down: null, lastUp: null, up: false };
    if (w.state === "down" && w.first_down_at)
      c.down = Math.max(c.down ?? 0, ms(w.first_down_at) as number);
    else c.up = true;
    if (w.last_up_at) c.lastUp = Math.max(c.lastUp ?? 0, ms(w.last_up_at) as number);
    byCase.set(id, c);
  }
  const nowMs = now.getTime();
  const cases = new Map<number, { received: number; firstRequest: number }>();
  for (const r of rows) {
    const id = Number(r.case_id);
    const sent = ms(r.sent_at) as number;
    const c = cases.get(id);
    if (!c) cases.set(id, { received: ms(r.case_created_at) as number, firstRequest: sent });
    else c.firstRequest = Math.min(c.firstRequest, sent);
  }
  const downOf = (caseId: number) => {
    const w = byCase.get(caseId);
    return w && !w.up ? w.down : null;
  };
  const caseList = [...cases.entries()];
  const overall = {
    cases: caseList.length,
    time_to_first_request: timing(caseList.map(([, c]) => (c.firstRequest - c.received) / HOUR)),
    uptime_after_report: timing(
      caseList.flatMap(([id, c]) => {
        const d = downOf(id);
        return d === null ? [] : [Math.max(0, d - c.received) / HOUR];
      }),
    ),
    last_up_before_down: timing(
      caseList.flatMap(([id, c]) => {
        const w = byCase.get(id);
        return w && downOf(id) !== null && w.lastUp !== null
          ? [Math.max(0, w.lastUp - c.received) / HOUR]
          : [];
      }),
    ),
    share_down_24h: share(
      caseList
        .filter(([, c]) => nowMs - c.received >= 24 * HOUR)
        .map(([id, c]) => ({
          ok: (downOf(id) ?? Number.POSITIVE_INFINITY) - c.received <= 24 * HOUR,
        })),
    ),
    share_down_48h: share(
      caseList
        .filter(([, c]) => nowMs - c.received >= 48 * HOUR)
        .map(([id, c]) => ({
          ok: (downOf(id) ?? Number.POSITIVE_INFINITY) - c.received <= 48 * HOUR,
        })),
    ),
    still_up: caseList.filter(([id]) => byCase.get(id)?.up).length,
  };

  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.role}\u0000${r.recipient}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const by_recipient = [...groups.entries()].map(([key, list]) => {
    const [role = "", recipient = ""] = key.split("\u0000");
    const downAt = (r: (typeof rows)[number]) => ms(r.down_at) ?? downOf(Number(r.case_id));
    const matured = (hours: number) =>
      list
        .filter((r) => nowMs - (ms(r.sent_at) as number) >= hours * HOUR)
        .map((r) => ({
          ok: (downAt(r) ?? Number.POSITIVE_INFINITY) - (ms(r.sent_at) as number) <= hours * HOUR,
        }));
    return {
      recipient,
      role,
      requests: list.length,
      acknowledged: list.filter((r) => r.acknowledged_at !== null).length,
      refused: list.filter((r) => r.state === "refused").length,
      unanswered: list.filter(
        (r) => r.state === "unanswered" || (r.state === "escalated" && r.acknowledged_at === null),
      ).length,
      down: list.filter((r) => downAt(r) !== null).length,
      time_to_acknowledge: timing(
        list.flatMap((r) =>
          r.acknowledged_at
            ? [((ms(r.acknowledged_at) as number) - (ms(r.sent_at) as number)) / HOUR]
            : [],
        ),
      ),
      time_to_down: timing(
        list.flatMap((r) => {
          const d = downAt(r);
          return d === null ? [] : [Math.max(0, d - (ms(r.sent_at) as number)) / HOUR];
        }),
      ),
      share_down_24h: share(matured(24)),
      share_down_48h: share(matured(48)),
    };
  });
  by_recipient.sort((a, b) => b.requests - a.requests || a.recipient.localeCompare(b.recipient));
  return { period: { from: from.toISOString(), to: to.toISOString() }, overall, by_recipient };
}
