import type { Command } from "commander";
import type { CaseStats, ReportStats, TrackingStats } from "../../cases/stats.ts";
import type { TakedownStats } from "../../watch/takedown-stats.ts";
import { clientOf } from "../context.ts";
import { printTable } from "../output.ts";

interface StatsOptions {
  from?: string;
  to?: string;
  team?: string;
  json?: boolean;
}

/** Rows of `{ month, [type]: cell }`: one line per month, one column per type. */
function pivot<T extends { month: string; type: string }>(
  rows: T[],
  cell: (r: T) => string,
): { rows: Record<string, string>[]; types: string[] } {
  const types = [...new Set(rows.map((r) => r.type))].sort();
  const months = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const line = months.get(r.month) ?? { month: r.month };
    line[r.type] = cell(r);
    months.set(r.month, line);
  }
  // A type without figures that month is a zero, not unknown.
  const filled = [...months.values()].map((line) =>
    Object.fromEntries([["month", line.month], ...types.map((t) => [t, line[t] ?? "0"])]),
  );
  return { rows: filled, types };
}

const hours = (h: number | null) => (h === null ? "-" : `${h} h`);
const percent = (s: number | null) => (s === null ? "-" : `${(s * 100).toFixed(1)}%`);
const day = (iso: string) => iso.slice(0, 10);

/** Prints the three answers as tables, for a person. */
export function printStats(r: ReportStats, c: CaseStats, t: TrackingStats): void {
  // `to` is excluded: show the last day it includes.
  const last = (iso: string) => day(new Date(new Date(iso).getTime() - 1).toISOString());
  console.log(`Period ${day(r.period.from)} .. ${last(r.period.to)} (UTC)\n`);

  console.log(`Reports per month and type (total ${r.total}; a report may have several types)`);
  const perMonth = new Map<string, number>();
  for (const ch of r.by_channel) perMonth.set(ch.month, (perMonth.get(ch.month) ?? 0) + ch.reports);
  const reports = pivot(r.months, (m) => String(m.reports));
  printTable(
    reports.rows.map((line) => ({ ...line, reports: perMonth.get(line.month as string) ?? 0 })),
    ["month", ...reports.types, "reports"],
  );
  console.log("\nReports per month and channel");
  const channels = pivot(
    r.by_channel.map((ch) => ({ ...ch, type: ch.channel })),
    (ch) => String(ch.reports),
  );
  printTable(channels.rows, ["month", ...channels.types]);

  console.log(`\nCases per month and type, opened/resolved${c.team ? ` (team ${c.team})` : ""}`);
  const cases = pivot(c.months, (m) => `${m.opened}/${m.resolved}`);
  printTable(cases.rows, ["month", ...cases.types]);

  console.log("\nCases per team");
  printTable(
    c.by_team.map((b) => ({ ...b, team_id: b.team_id ?? "(none)" })),
    ["team_id", "opened", "resolved", "open_now"],
  );

  console.log("\nOf the cases opened in the period (rejected and merged ones left out):");
  for (const [label, key] of [
    ["first action", "first_action"],
    ["resolution  ", "resolution"],
  ] as const) {
    const tm = c.timing[key];
    const sla = c.sla[key];
    console.log(
      `${label}  median ${hours(tm.median_hours)}, p90 ${hours(tm.p90_hours)} (${tm.count} cases)` +
        `; within SLA ${percent(sla.share)} (${sla.within} within, ${sla.missed} missed)`,
    );
  }
  if (c.by_type_timing.length > 0) {
    console.log("");
    printTable(
      c.by_type_timing.map((b) => ({
        type: b.type,
        cases: b.cases,
        first_action_median: hours(b.first_action_median_hours),
        resolution_median: hours(b.resolution_median_hours),
        first_action_sla: percent(b.first_action_share_within),
        resolution_sla: percent(b.resolution_share_within),
      })),
      [
        "type",
        "cases",
        "first_action_median",
        "resolution_median",
        "first_action_sla",
        "resolution_sla",
      ],
    );
  }

  console.log("\nTracking numbers issued per year");
  printTable(t.years, ["prefix", "year", "issued", "stored"]);
}

/** `mogura stats`: the abuse desk's figures for a period. */
export function statsCommand(program: Command) {
  const stats = program.command("stats");
  stats
    .command("takedown")
    .description("takedown figures: time to first request, uptime after the report, per recipient")
    .option("--from <date>", "first day (UTC, YYYY-MM-DD); default: 12 months back")
    .option("--to <date>", "last day, included (UTC, YYYY-MM-DD); default: today")
    .option("--json", "print the answer as JSON")
    .action(async (opts: StatsOptions, cmd: Command) => {
      const period = new URLSearchParams();
      if (opts.from) period.set("from", opts.from);
      if (opts.to) period.set("to", opts.to);
      const qs = period.toString() ? `?${period}` : "";
      const s = await clientOf(cmd).request<TakedownStats>("GET", `/api/v1/stats/takedown${qs}`);
      if (opts.json) console.log(JSON.stringify(s, null, 2));
      else printTakedownStats(s);
    });
  stats
    .description("reports and cases per month, type and team; speed and SLA; tracking numbers")
    .option("--from <date>", "first day (UTC, YYYY-MM-DD); default: 12 months back")
    .option("--to <date>", "last day, included (UTC, YYYY-MM-DD); default: today")
    .option("--team <id>", "cases of this team only")
    .option("--json", "print the three answers as one JSON object")
    .action(async (opts: StatsOptions, cmd: Command) => {
      const client = clientOf(cmd);
      const period = new URLSearchParams();
      if (opts.from) period.set("from", opts.from);
      if (opts.to) period.set("to", opts.to);
      const withTeam = new URLSearchParams(period);
      if (opts.team) withTeam.set("team", opts.team);
      const qs = (p: URLSearchParams) => (p.toString() ? `?${p}` : "");
      const [reports, cases, tracking] = await Promise.all([
        client.request<ReportStats>("GET", `/api/v1/stats/reports${qs(period)}`),
        client.request<CaseStats>("GET", `/api/v1/stats/cases${qs(withTeam)}`),
        client.request<TrackingStats>("GET", "/api/v1/stats/tracking-numbers"),
      ]);
      if (opts.json) {
        console.log(JSON.stringify({ reports, cases, tracking_numbers: tracking }, null, 2));
        return;
      }
      printStats(reports, cases, tracking);
    });
}

const share = (s: number | null) => (s === null ? "-" : `${(s * 100).toFixed(0)}%`);
const timingText = (t: { median_hours: number | null; p90_hours: number | null; count: number }) =>
  `median ${hours(t.median_hours)}, p90 ${hours(t.p90_hours)} (${t.count})`;

/** Prints the takedown figures for a person. */
export function printTakedownStats(s: TakedownStats): void {
  const last = (iso: string) => day(new Date(new Date(iso).getTime() - 1).toISOString());
  console.log(`Takedown, cases received ${day(s.period.from)} .. ${last(s.period.to)} (UTC)\n`);
  const o = s.overall;
  console.log(`Cases with a request sent: ${o.cases} (still up: ${o.still_up})`);
  console.log(`  received → first request   ${timingText(o.time_to_first_request)}`);
  console.log(`  received → down (uptime)   ${timingText(o.uptime_after_report)}`);
  console.log(`  received → last seen up    ${timingText(o.last_up_before_down)}`);
  console.log(
    `  down within 24 h ${share(o.share_down_24h)}, within 48 h ${share(o.share_down_48h)}\n`,
  );
  console.log("Per recipient");
  printTable(
    s.by_recipient.map((r) => ({
      recipient: r.recipient,
      role: r.role,
      requests: r.requests,
      answered: r.acknowledged,
      refused: r.refused,
      unanswered: r.unanswered,
      down: r.down,
      to_answer: hours(r.time_to_acknowledge.median_hours),
      to_down: hours(r.time_to_down.median_hours),
      down_24h: share(r.share_down_24h),
      down_48h: share(r.share_down_48h),
    })),
    [
      "recipient",
      "role",
      "requests",
      "answered",
      "refused",
      "unanswered",
      "down",
      "to_answer",
      "to_down",
      "down_24h",
      "down_48h",
    ],
  );
}
