// The three answers the statistics page draws: reports, cases (for a team or all) and
// tracking numbers, for a period (empty: the server's default).
import { useCallback, useState } from "react";
import { api, query } from "../../api.ts";
import type { CaseStats, ReportStats, TrackingStats } from "../../types.ts";

export interface StatsData {
  reports: ReportStats;
  cases: CaseStats;
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
        const [reports, cases, tracking] = await Promise.all([
          api<ReportStats>("GET", `/api/v1/stats/reports${query(p)}`),
          api<CaseStats>("GET", `/api/v1/stats/cases${query({ ...p, team: period.team })}`),
          api<TrackingStats>("GET", "/api/v1/stats/tracking-numbers"),
        ]);
        setData({ reports, cases, tracking });
        clear();
      } catch (e) {
        fail(e);
      }
    },
    [fail, clear],
  );
  return { data, load };
}
