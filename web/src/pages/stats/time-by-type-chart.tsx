// Median hours to first action and to resolution, per type.
import { useI18n } from "../../i18n.ts";
import type { CaseStats } from "../../types.ts";
import { Figure } from "./figure.tsx";
import { FirstAndResolutionBars } from "./first-and-resolution-bars.tsx";
import { hours } from "./format.ts";

export function TimeByTypeChart({ cases }: { cases: CaseStats }) {
  const { t, label } = useI18n();
  return (
    <Figure title={t("stats.timingChart")} note={t("stats.timingNote")}>
      <FirstAndResolutionBars
        rows={cases.by_type_timing.map((r) => ({
          type: label("type", r.type),
          first: r.first_action_median_hours,
          resolution: r.resolution_median_hours,
        }))}
        title={t("stats.timingChart")}
        emptyText={t("stats.noTimes")}
        unit=" h"
        formatter={hours}
        firstName={t("stats.firstActionMedian")}
        resolutionName={t("stats.resolutionMedian")}
      />
    </Figure>
  );
}
