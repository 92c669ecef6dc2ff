// The desk's figures: reports and cases per month and type, time to first action and to
// resolution, SLA shares, teams, tracking numbers per year (docs/stats.md).
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { api, query } from "../api.ts";
import { Flash, Loading, useFlash, useTitle } from "../components.tsx";
import { useI18n } from "../i18n.ts";
import { formatUtc } from "../time.tsx";
import type { CaseStats, Page, ReportStats, Team, TrackingStats } from "../types.ts";

// Distinct, colour-blind-friendly enough, and readable on white (Okabe–Ito, then Tol).
const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#882255",
  "#117733",
  "#332288",
  "#999933",
  "#AA4499",
  "#44AA99",
  "#661100",
  "#6699CC",
];

/** Rows of {month, <type>: n} from rows of {month, type, n}; the types in a stable order. */
function pivot<R extends { month: string; type: string }>(
  rows: R[],
  value: (r: R) => number,
): { data: Record<string, string | number>[]; keys: string[] } {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.type, (totals.get(r.type) ?? 0) + value(r));
  const keys = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const data = months.map((month) => {
    const row: Record<string, string | number> = { month };
    for (const k of keys) row[k] = 0;
    for (const r of rows)
      if (r.month === month) row[r.type] = (Number(row[r.type]) || 0) + value(r);
    return row;
  });
  return { data, keys };
}

/** The same colour for a type on every chart. */
function colourOf(keys: string[]) {
  const known = [
    "phishing",
    "malware-distribution",
    "c2-server",
    "spam",
    "scanner",
    "brute-force",
    "unparsed",
    "pending",
    "no_events",
  ];
  const order = [...known, ...keys.filter((k) => !known.includes(k)).sort()];
  return (k: string) => PALETTE[order.indexOf(k) % PALETTE.length] as string;
}

function Figure({
  title,
  note,
  wide,
  children,
}: {
  title: string;
  note?: string;
  wide?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className={`card chart ${wide ? "wide" : ""}`} aria-labelledby={`${id}-t`}>
      <figcaption>
        <h2 id={`${id}-t`}>{title}</h2>
        {note && <p className="muted small">{note}</p>}
      </figcaption>
      {children}
    </figure>
  );
}

/** Legend labels in the text colour (the swatch carries the series colour). */
const legendText = (value: string) => <span className="legend-text">{value}</span>;

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Math.round(v * 1000) / 10;

export default function StatsPage() {
  const { t, label } = useI18n();
  useTitle(t("stats.title"));
  const flash = useFlash();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [team, setTeam] = useState("");
  const [teams, setTeams] = useState<Team[]>([]);
  const [data, setData] = useState<{
    reports: ReportStats;
    cases: CaseStats;
    tracking: TrackingStats;
  } | null>(null);

  const load = useCallback(
    async (period: { from: string; to: string; team: string }) => {
      try {
        const p = { from: period.from, to: period.to };
        const [reports, cases, tracking] = await Promise.all([
          api<ReportStats>("GET", `/api/v1/stats/reports${query(p)}`),
          api<CaseStats>("GET", `/api/v1/stats/cases${query({ ...p, team: period.team })}`),
          api<TrackingStats>("GET", "/api/v1/stats/tracking-numbers"),
        ]);
        setData({ reports, cases, tracking });
        flash.clear();
      } catch (e) {
        flash.fail(e);
      }
    },
    [flash.fail, flash.clear],
  );

  useEffect(() => {
    load({ from: "", to: "", team: "" });
    api<Page<Team>>("GET", "/api/v1/inventory/teams?limit=200")
      .then((r) => setTeams(r.items))
      .catch(() => {});
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    load({ from, to, team });
  };

  const typeName = (k: string) => label("type", k);

  return (
    <section aria-labelledby="stats-title" className="stats">
      <div className="page-head">
        <h1 id="stats-title">{t("stats.title")}</h1>
        {data && (
          <p className="muted small">
            {t("stats.period", {
              from: formatUtc(data.cases.period.from),
              to: formatUtc(data.cases.period.to),
            })}
          </p>
        )}
      </div>
      <form className="filters" onSubmit={submit}>
        <div className="field">
          <label htmlFor="st-from">{t("stats.from")}</label>
          <input id="st-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="st-to">{t("stats.to")}</label>
          <input id="st-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="st-team">{t("queue.team")}</label>
          <select id="st-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t("common.any")}</option>
            {teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.id} — {tm.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field buttons">
          <button type="submit" className="primary">
            {t("stats.show")}
          </button>
        </div>
        <p className="muted small field-note">{t("stats.utcNote")}</p>
      </form>
      <Flash msg={flash.msg} onClose={flash.clear} />
      {!data ? <Loading /> : <Charts data={data} typeName={typeName} />}
    </section>
  );
}

function Charts({
  data,
  typeName,
}: {
  data: { reports: ReportStats; cases: CaseStats; tracking: TrackingStats };
  typeName: (k: string) => string;
}) {
  const { t } = useI18n();
  const rep = pivot(data.reports.months, (r) => r.reports);
  const opened = pivot(data.cases.months, (r) => r.opened);
  const colour = colourOf([...rep.keys, ...opened.keys]);
  const c = data.cases;
  const timing = c.by_type_timing.map((r) => ({
    type: typeName(r.type),
    first: r.first_action_median_hours,
    resolution: r.resolution_median_hours,
  }));
  const overall = [
    {
      what: t("stats.firstAction"),
      median: c.timing.first_action.median_hours,
      p90: c.timing.first_action.p90_hours,
    },
    {
      what: t("stats.resolution"),
      median: c.timing.resolution.median_hours,
      p90: c.timing.resolution.p90_hours,
    },
  ];
  const sla = c.by_type_timing.map((r) => ({
    type: typeName(r.type),
    first: pct(r.first_action_share_within),
    resolution: pct(r.resolution_share_within),
  }));
  const years = [...data.tracking.years].sort((a, b) => a.year - b.year);
  const yearRows = [...new Set(years.map((y) => y.year))].map((year) => {
    const row: Record<string, number | string> = { year: String(year) };
    for (const y of years) if (y.year === year) row[y.prefix] = y.issued;
    return row;
  });
  const prefixes = [...new Set(years.map((y) => y.prefix))];
  const hours = (v: unknown) => (v === null || v === undefined ? "—" : `${v} h`);
  const percent = (v: unknown) => (v === null || v === undefined ? "—" : `${v}%`);

  return (
    <div className="chart-grid">
      <Figure
        title={t("stats.reportsChart")}
        note={t("stats.reportsNote", { n: data.reports.total })}
      >
        <StackedMonths
          rows={rep}
          colour={colour}
          typeName={typeName}
          title={t("stats.reportsChart")}
        />
      </Figure>
      <Figure title={t("stats.casesChart")} note={t("stats.casesNote")}>
        <StackedMonths
          rows={opened}
          colour={colour}
          typeName={typeName}
          title={t("stats.casesChart")}
        />
      </Figure>
      <Figure title={t("stats.timingChart")} note={t("stats.timingNote")}>
        {timing.every((r) => r.first === null && r.resolution === null) ? (
          <p className="muted">{t("stats.noTimes")}</p>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={timing} title={t("stats.timingChart")} margin={{ left: 8, right: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="type" tick={{ fontSize: 12 }} />
              <YAxis unit=" h" tick={{ fontSize: 12 }} />
              <Tooltip formatter={hours} />
              <Legend formatter={legendText} />
              <Bar
                dataKey="first"
                name={t("stats.firstActionMedian")}
                fill="#0072B2"
                maxBarSize={40}
              />
              <Bar
                dataKey="resolution"
                name={t("stats.resolutionMedian")}
                fill="#E69F00"
                maxBarSize={40}
              />
            </BarChart>
          </ResponsiveContainer>
        )}
      </Figure>
      <Figure title={t("stats.overallChart")} note={t("stats.overallNote")}>
        {overall.every((r) => r.median === null) ? (
          <p className="muted">{t("stats.noTimes")}</p>
        ) : (
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={overall}
              layout="vertical"
              title={t("stats.overallChart")}
              margin={{ left: 8, right: 24 }}
            >
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" unit=" h" tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="what" width={110} tick={{ fontSize: 12 }} />
              <Tooltip formatter={hours} />
              <Legend formatter={legendText} />
              <Bar dataKey="median" name={t("stats.median")} fill="#009E73" maxBarSize={28} />
              <Bar dataKey="p90" name={t("stats.p90")} fill="#CC79A7" maxBarSize={28} />
            </BarChart>
          </ResponsiveContainer>
        )}
        <table className="compact">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col" className="num">
                {t("stats.cases")}
              </th>
              <th scope="col" className="num">
                {t("stats.median")}
              </th>
              <th scope="col" className="num">
                {t("stats.p90")}
              </th>
              <th scope="col" className="num">
                {t("stats.withinSla")}
              </th>
            </tr>
          </thead>
          <tbody>
            {(["first_action", "resolution"] as const).map((k) => (
              <tr key={k}>
                <th scope="row">
                  {k === "first_action" ? t("stats.firstAction") : t("stats.resolution")}
                </th>
                <td className="num">{c.timing[k].count}</td>
                <td className="num">{hours(c.timing[k].median_hours)}</td>
                <td className="num">{hours(c.timing[k].p90_hours)}</td>
                <td className="num">
                  {percent(pct(c.sla[k].share))}{" "}
                  <span className="muted small">
                    ({c.sla[k].within}/{c.sla[k].within + c.sla[k].missed})
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Figure>
      <Figure title={t("stats.slaChart")} note={t("stats.slaNote")}>
        {sla.every((r) => r.first === null && r.resolution === null) ? (
          <p className="muted">{t("stats.noData")}</p>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={sla} title={t("stats.slaChart")} margin={{ left: 8, right: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="type" tick={{ fontSize: 12 }} />
              <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 12 }} />
              <Tooltip formatter={percent} />
              <Legend formatter={legendText} />
              <Bar dataKey="first" name={t("stats.firstAction")} fill="#0072B2" maxBarSize={40} />
              <Bar
                dataKey="resolution"
                name={t("stats.resolution")}
                fill="#E69F00"
                maxBarSize={40}
              />
            </BarChart>
          </ResponsiveContainer>
        )}
      </Figure>
      <Figure title={t("stats.teamsTable")}>
        <div className="table-wrap">
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t("queue.team")}</th>
                <th scope="col" className="num">
                  {t("stats.opened")}
                </th>
                <th scope="col" className="num">
                  {t("stats.resolved")}
                </th>
                <th scope="col" className="num">
                  {t("stats.openNow")}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.by_team.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t("stats.noData")}
                  </td>
                </tr>
              ) : (
                c.by_team.map((r) => (
                  <tr key={r.team_id ?? "none"}>
                    <th scope="row" className="mono">
                      {r.team_id ?? <span className="muted">{t("stats.noTeam")}</span>}
                    </th>
                    <td className="num">{r.opened}</td>
                    <td className="num">{r.resolved}</td>
                    <td className="num">{r.open_now}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </Figure>
      <Figure title={t("stats.byTypeTable")} wide>
        {c.by_type_timing.length === 0 ? (
          <p className="muted">{t("stats.noData")}</p>
        ) : (
          <div className="table-wrap">
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">{t("queue.colType")}</th>
                  <th scope="col" className="num">
                    {t("stats.cases")}
                  </th>
                  <th scope="col" className="num">
                    {t("stats.firstActionMedian")}
                  </th>
                  <th scope="col" className="num">
                    {t("stats.resolutionMedian")}
                  </th>
                  <th scope="col" className="num">
                    {t("stats.firstActionSla")}
                  </th>
                  <th scope="col" className="num">
                    {t("stats.resolutionSla")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.by_type_timing.map((r) => (
                  <tr key={r.type}>
                    <th scope="row">{typeName(r.type)}</th>
                    <td className="num">{r.cases}</td>
                    <td className="num">{hours(r.first_action_median_hours)}</td>
                    <td className="num">{hours(r.resolution_median_hours)}</td>
                    <td className="num">{percent(pct(r.first_action_share_within))}</td>
                    <td className="num">{percent(pct(r.resolution_share_within))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Figure>
      <Figure title={t("stats.trackingChart")} note={t("stats.trackingNote")}>
        {yearRows.length === 0 ? (
          <p className="muted">{t("stats.noData")}</p>
        ) : (
          <>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart
                data={yearRows}
                title={t("stats.trackingChart")}
                margin={{ left: 8, right: 8 }}
              >
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="year" tick={{ fontSize: 12 }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend formatter={legendText} />
                {prefixes.map((p, i) => (
                  <Bar
                    key={p}
                    dataKey={p}
                    name={p}
                    fill={PALETTE[i % PALETTE.length]}
                    maxBarSize={48}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">{t("stats.prefix")}</th>
                  <th scope="col">{t("stats.year")}</th>
                  <th scope="col" className="num">
                    {t("stats.issued")}
                  </th>
                  <th scope="col" className="num">
                    {t("stats.stored")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={`${y.prefix}-${y.year}`}>
                    <td className="mono">{y.prefix}</td>
                    <td>{y.year}</td>
                    <td className="num">{y.issued}</td>
                    <td className="num">{y.stored}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Figure>
    </div>
  );
}

function StackedMonths({
  rows,
  colour,
  typeName,
  title,
}: {
  rows: { data: Record<string, string | number>[]; keys: string[] };
  colour: (k: string) => string;
  typeName: (k: string) => string;
  title: string;
}) {
  const { t } = useI18n();
  if (rows.data.length === 0) return <p className="muted">{t("stats.noData")}</p>;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={rows.data} title={title} margin={{ left: 8, right: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend formatter={legendText} />
        {rows.keys.map((k) => (
          <Bar
            key={k}
            dataKey={k}
            name={typeName(k)}
            stackId="a"
            fill={colour(k)}
            maxBarSize={56}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
