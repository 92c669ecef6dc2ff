// Tracking numbers issued per year and prefix, as bars and as a table.
import { Bar } from "recharts";
import { useI18n } from "../../i18n.ts";
import type { TrackingStats } from "../../types.ts";
import { BarFrame } from "./bar-frame.tsx";
import { PALETTE } from "./colours.ts";
import { Figure } from "./figure.tsx";
import { TableHead } from "./table-head.tsx";

export function TrackingNumbersChart({ tracking }: { tracking: TrackingStats }) {
  const { t } = useI18n();
  const years = [...tracking.years].sort((a, b) => a.year - b.year);
  const yearRows = [...new Set(years.map((y) => y.year))].map((year) => {
    const row: Record<string, number | string> = { year: String(year) };
    for (const y of years) if (y.year === year) row[y.prefix] = y.issued;
    return row;
  });
  const prefixes = [...new Set(years.map((y) => y.prefix))];
  return (
    <Figure title={t("stats.trackingChart")} note={t("stats.trackingNote")}>
      {yearRows.length === 0 ? (
        <p className="muted">{t("stats.noData")}</p>
      ) : (
        <>
          <BarFrame
            data={yearRows}
            title={t("stats.trackingChart")}
            height={220}
            xAxis={{ dataKey: "year" }}
            yAxis={{ allowDecimals: false }}
          >
            {prefixes.map((p, i) => (
              <Bar
                key={p}
                dataKey={p}
                name={p}
                fill={PALETTE[i % PALETTE.length]}
                maxBarSize={48}
              />
            ))}
          </BarFrame>
          <table className="compact">
            <TableHead
              columns={[
                { label: t("stats.prefix") },
                { label: t("stats.year") },
                { label: t("stats.issued"), num: true },
                { label: t("stats.stored"), num: true },
              ]}
            />
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
  );
}
