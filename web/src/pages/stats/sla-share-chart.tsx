// The share of cases within the SLA, for first action and resolution, per type.
import { useI18n } from "../../i18n.ts";
import type { CaseStats } from "../../types.ts";
import { Figure } from "./figure.tsx";
import { FirstAndResolutionBars } from "./first-and-resolution-bars.tsx";
import { pct, percent } from "./format.ts";

export function SlaShareChart({ cases }: { cases: CaseStats }) {
  const { t, label } = useI18n();
  return (
    <Figure title={t("stats.slaChart")} note={t("stats.slaNote")}>
      <FirstAndResolutionBars
        rows={cases.by_type_timing.map((r) => ({
          type: label("type", r.type),
          first: pct(r.first_action_share_within),
          resolution: pct(r.resolution_share_within),
        }))}
        title={t("stats.slaChart")}
        emptyText={t("stats.noData")}
        unit="%"
        domain={[0, 100]}
        formatter={percent}
        firstName={t("stats.firstAction")}
        resolutionName={t("stats.resolution")}
      />
    </Figure>
  );
}
