// Cases per team: opened and resolved in the period, open now.
import { useI18n } from "../../i18n.ts";
import type { CaseStats } from "../../types.ts";
import { Figure } from "./figure.tsx";
import { TableHead } from "./table-head.tsx";

export function TeamsTable({ cases }: { cases: CaseStats }) {
  const { t } = useI18n();
  return (
    <Figure title={t("stats.teamsTable")}>
      <div className="table-wrap">
        <table className="compact">
          <TableHead
            columns={[
              { label: t("queue.team") },
              { label: t("stats.opened"), num: true },
              { label: t("stats.resolved"), num: true },
              { label: t("stats.openNow"), num: true },
            ]}
          />
          <tbody>
            {cases.by_team.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  {t("stats.noData")}
                </td>
              </tr>
            ) : (
              cases.by_team.map((r) => (
                <tr key={r.team_id ?? "none"}>
                  <th scope="row" className="mono">
                    {r.team_id ?? <span className="muted">{t("stats.noTeam")}</span>}
                  </th>
                  <td className="num">{r.opened}</td>
                  <td className="num">{r.resolved}</td>
                  <td className="num">{r.open_now}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </Figure>
  );
}
