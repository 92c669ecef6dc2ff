// Reports received per month, stacked by type.
import { useI18n } from "../../i18n.ts";
import { Figure } from "./figure.tsx";
import type { MonthRows } from "./pivot.ts";
import { StackedMonths } from "./stacked-months.tsx";

export function ReportsPerMonth({
  rows,
  total,
  colour,
}: {
  rows: MonthRows;
  total: number;
  colour: (type: string) => string;
}) {
  const { t } = useI18n();
  return (
    <Figure title={t("stats.reportsChart")} note={t("stats.reportsNote", { n: total })}>
      <StackedMonths rows={rows} colour={colour} title={t("stats.reportsChart")} />
    </Figure>
  );
}
