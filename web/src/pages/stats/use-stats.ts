// The answers the statistics page draws: reports, cases (for a team or all), takedown requests
// and tracking numbers, for a period (empty: the server's default).
import { useCallback, useState } from "react";
import { api, query } from "../../api.ts";
import type { CaseStats, ReportStats, TakedownStats, TrackingStats } from "../../types.ts";

export interface StatsData {
  reports: ReportStats;
  cases: CaseStats;
  takedown: TakedownStats;
  tracking: TrackingStats;
}

export interface StatsPeriod {
  from: string;
  to: string;
  team: string;
}

export function useStats({ fail, clear }: { fail: (e: unknown) => void; clear: () => void }): {
  data: StatsData | null;
  load: (period: StatsPeriod) => Promise<void>;
} {
  const [data, setData] = useState<StatsData | null>(null);
  const load = useCallback(
    async (period: StatsPeriod) => {
      try {
        const p = { from: period.from, to: period.to };
        const [reports, cases, takedown, tracking] = await Promise.all([
          api<ReportStats>("GET", `/api/v1/stats/reports${query(p)}`),
          api<CaseStats>("GET", `/api/v1/stats/cases${query({ ...p, team: period.team })}`),
          // Not-ours cases have no team: the takedown figures take the period only.
          api<TakedownStats>("GET", `/api/v1/stats/takedown${query(p)}`),
          api<TrackingStats>("GET", "/api/v1/stats/tracking-numbers"),
        ]);
        setData({ reports, cases, takedown, tracking });
        clear();
      } catch (e) {
        fail(e);
      }
    },
    [fail, clear],
  );
  return { data, load };
}
