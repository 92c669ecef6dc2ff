// Every figure of the statistics, in the order the page shows them. Reports and cases per
// month share one colour per type.

import { ByTypeTable } from "./by-type-table.tsx";
import { CasesPerMonth } from "./cases-per-month.tsx";
import { colourOf } from "./colours.ts";
import { OverallTimesChart } from "./overall-times-chart.tsx";
import { pivot } from "./pivot.ts";
import { ReportsPerMonth } from "./reports-per-month.tsx";
import { SlaShareChart } from "./sla-share-chart.tsx";
import { TakedownFigures } from "./takedown-figures.tsx";
import { TeamsTable } from "./teams-table.tsx";
import { TimeByTypeChart } from "./time-by-type-chart.tsx";
import { TrackingNumbersChart } from "./tracking-numbers-chart.tsx";
import type { StatsData } from "./use-stats.ts";

export function Charts({ data }: { data: StatsData }) {
  const reports = pivot(data.reports.months, (r) => r.reports);
  const opened = pivot(data.cases.months, (r) => r.opened);
  const colour = colourOf([...reports.keys, ...opened.keys]);
  return (
    <div className="chart-grid">
      <ReportsPerMonth rows={reports} total={data.reports.total} colour={colour} />
      <CasesPerMonth rows={opened} colour={colour} />
      <TimeByTypeChart cases={data.cases} />
      <OverallTimesChart cases={data.cases} />
      <SlaShareChart cases={data.cases} />
      <TeamsTable cases={data.cases} />
      <ByTypeTable cases={data.cases} />
      <TakedownFigures takedown={data.takedown} />
      <TrackingNumbersChart tracking={data.tracking} />
    </div>
  );
}
