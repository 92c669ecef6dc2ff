// Bars per month, stacked by type (reports, cases opened).
import { Bar } from "recharts";
import { useI18n } from "../../i18n.ts";
import { BarFrame } from "./bar-frame.tsx";
import type { MonthRows } from "./pivot.ts";

export function StackedMonths({
  rows,
  colour,
  title,
}: {
  rows: MonthRows;
  colour: (type: string) => string;
  title: string;
}) {
  const { t, label } = useI18n();
  if (rows.data.length === 0) return <p className="muted">{t("stats.noData")}</p>;
  return (
    <BarFrame
      data={rows.data}
      title={title}
      height={280}
      xAxis={{ dataKey: "month" }}
      yAxis={{ allowDecimals: false }}
    >
      {rows.keys.map((k) => (
        <Bar
          key={k}
          dataKey={k}
          name={label("type", k)}
          stackId="a"
          fill={colour(k)}
          maxBarSize={56}
        />
      ))}
    </BarFrame>
  );
}
