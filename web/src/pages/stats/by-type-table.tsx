// Per type: cases, median times to first action and to resolution, their SLA shares.
import { useI18n } from "../../i18n.ts";
import type { CaseStats } from "../../types.ts";
import { Figure } from "./figure.tsx";
import { hours, pct, percent } from "./format.ts";
import { TableHead } from "./table-head.tsx";

export function ByTypeTable({ cases }: { cases: CaseStats }) {
  const { t, label } = useI18n();
  return (
    <Figure title={t("stats.byTypeTable")} wide>
      {cases.by_type_timing.length === 0 ? (
        <p className="muted">{t("stats.noData")}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact">
            <TableHead
              columns={[
                { label: t("queue.colType") },
                { label: t("stats.cases"), num: true },
                { label: t("stats.firstActionMedian"), num: true },
                { label: t("stats.resolutionMedian"), num: true },
                { label: t("stats.firstActionSla"), num: true },
                { label: t("stats.resolutionSla"), num: true },
              ]}
            />
            <tbody>
              {cases.by_type_timing.map((r) => (
                <tr key={r.type}>
                  <th scope="row">{label("type", r.type)}</th>
                  <td className="num">{r.cases}</td>
                  <td className="num">{hours(r.first_action_median_hours)}</td>
                  <td className="num">{hours(r.resolution_median_hours)}</td>
                  <td className="num">{percent(pct(r.first_action_share_within))}</td>
                  <td className="num">{percent(pct(r.resolution_share_within))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Figure>
  );
}
