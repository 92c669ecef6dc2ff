// Cases opened per month, stacked by type.
import { useI18n } from "../../i18n.ts";
import { Figure } from "./figure.tsx";
import type { MonthRows } from "./pivot.ts";
import { StackedMonths } from "./stacked-months.tsx";

export function CasesPerMonth({
  rows,
  colour,
}: {
  rows: MonthRows;
  colour: (type: string) => string;
}) {
  const { t } = useI18n();
  return (
    <Figure title={t("stats.casesChart")} note={t("stats.casesNote")}>
      <StackedMonths rows={rows} colour={colour} title={t("stats.casesChart")} />
    </Figure>
  );
}
