// Time to first action and to resolution over all cases: median and p90, with the SLA share.
import { Bar } from "recharts";
import { useI18n } from "../../i18n.ts";
import type { CaseStats } from "../../types.ts";
import { BarFrame } from "./bar-frame.tsx";
import { MEDIAN_COLOUR, P90_COLOUR } from "./colours.ts";
import { Figure } from "./figure.tsx";
import { hours, pct, percent } from "./format.ts";
import { TableHead } from "./table-head.tsx";

const CLOCKS = ["first_action", "resolution"] as const;

export function OverallTimesChart({ cases }: { cases: CaseStats }) {
  const { t } = useI18n();
  const clockName = (k: (typeof CLOCKS)[number]) =>
    k === "first_action" ? t("stats.firstAction") : t("stats.resolution");
  const rows = CLOCKS.map((k) => ({
    what: clockName(k),
    median: cases.timing[k].median_hours,
    p90: cases.timing[k].p90_hours,
  }));
  return (
    <Figure title={t("stats.overallChart")} note={t("stats.overallNote")}>
      {rows.every((r) => r.median === null) ? (
        <p className="muted">{t("stats.noTimes")}</p>
      ) : (
        <BarFrame
          data={rows}
          title={t("stats.overallChart")}
          height={220}
          horizontalBars
          xAxis={{ type: "number", unit: " h" }}
          yAxis={{ type: "category", dataKey: "what", width: 110 }}
          formatter={hours}
        >
          <Bar dataKey="median" name={t("stats.median")} fill={MEDIAN_COLOUR} maxBarSize={28} />
          <Bar dataKey="p90" name={t("stats.p90")} fill={P90_COLOUR} maxBarSize={28} />
        </BarFrame>
      )}
      <table className="compact">
        <TableHead
          columns={[
            { label: "" },
            { label: t("stats.cases"), num: true },
            { label: t("stats.median"), num: true },
            { label: t("stats.p90"), num: true },
            { label: t("stats.withinSla"), num: true },
          ]}
        />
        <tbody>
          {CLOCKS.map((k) => (
            <tr key={k}>
              <th scope="row">{clockName(k)}</th>
              <td className="num">{cases.timing[k].count}</td>
              <td className="num">{hours(cases.timing[k].median_hours)}</td>
              <td className="num">{hours(cases.timing[k].p90_hours)}</td>
              <td className="num">
                {percent(pct(cases.sla[k].share))}{" "}
                <span className="muted small">
                  ({cases.sla[k].within}/{cases.sla[k].within + cases.sla[k].missed})
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Figure>
  );
}
