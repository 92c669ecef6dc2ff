// Takedown requests to other providers (docs/takedown.md, "Figures"): how fast the desk asks
// and how long sites stay up after its first report, then per recipient who answers, who does
// not, and how fast their sites fall. Rows per recipient in the API's order (most requests
// first).
import { useI18n } from "../../i18n.ts";
import type { TakedownRecipientStats, TakedownStats } from "../../types.ts";
import { Figure } from "./figure.tsx";
import { hours, pct, percent } from "./format.ts";
import { TableHead } from "./table-head.tsx";

const CLOCKS = ["time_to_first_request", "uptime_after_report"] as const;

export function TakedownFigures({ takedown }: { takedown: TakedownStats }) {
  const { t } = useI18n();
  const { overall, by_recipient } = takedown;
  const empty = overall.cases === 0 && by_recipient.length === 0;
  return (
    <Figure title={t("stats.tdTitle")} note={t("stats.tdNote")} wide>
      {empty ? (
        <p className="muted">{t("stats.tdNone")}</p>
      ) : (
        <div className="td-stats">
          <Overall overall={overall} />
          <ByRecipient rows={by_recipient} />
        </div>
      )}
    </Figure>
  );
}

function Overall({ overall }: { overall: TakedownStats["overall"] }) {
  const { t } = useI18n();
  const clockName = (k: (typeof CLOCKS)[number]) =>
    k === "time_to_first_request" ? t("stats.tdFirstRequest") : t("stats.tdUptime");
  const share = (v: number | null) =>
    v === null ? <span className="muted small">{t("stats.tdNotYet")}</span> : percent(pct(v));
  return (
    <>
      <table className="compact td-stats-overall">
        <TableHead
          columns={[
            { label: "" },
            { label: t("stats.cases"), num: true },
            { label: t("stats.median"), num: true },
            { label: t("stats.p90"), num: true },
          ]}
        />
        <tbody>
          {CLOCKS.map((k) => (
            <tr key={k}>
              <th scope="row">{clockName(k)}</th>
              <td className="num">{overall[k].count}</td>
              <td className="num">{hours(overall[k].median_hours)}</td>
              <td className="num">{hours(overall[k].p90_hours)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t("stats.tdComparison")}</p>
      <dl className="facts">
        <div>
          <dt>{t("stats.tdDown24h")}</dt>
          <dd>{share(overall.share_down_24h)}</dd>
        </div>
        <div>
          <dt>{t("stats.tdDown48h")}</dt>
          <dd>{share(overall.share_down_48h)}</dd>
        </div>
        <div>
          <dt>{t("stats.tdStillUp")}</dt>
          <dd>
            <span className={overall.still_up > 0 ? "warn-text" : undefined}>
              {t("stats.tdStillUpOf", { n: overall.still_up, total: overall.cases })}
            </span>
          </dd>
        </div>
      </dl>
    </>
  );
}

function ByRecipient({ rows }: { rows: TakedownRecipientStats[] }) {
  const { t, label } = useI18n();
  return (
    <div className="table-wrap">
      <table className="compact td-stats-recipients">
        <caption>
          {t("stats.tdByRecipient")}
          <span className="muted small"> — {t("stats.tdRecipientNote")}</span>
        </caption>
        <TableHead
          columns={[
            { label: t("stats.tdRecipient") },
            { label: t("stats.tdRequests"), num: true },
            { label: t("stats.tdAnswered"), num: true },
            { label: t("stats.tdRefused"), num: true },
            { label: t("stats.tdUnanswered"), num: true },
            { label: t("stats.tdDown"), num: true },
            { label: t("stats.tdAnswerMedian"), num: true },
            { label: t("stats.tdDownMedian"), num: true },
            { label: t("stats.tdDown24h"), num: true },
            { label: t("stats.tdDown48h"), num: true },
          ]}
        />
        <tbody>
          {rows.map((r) => {
            // Nobody there has answered a single request, and at least one is overdue.
            const silent = r.acknowledged === 0 && r.refused === 0 && r.unanswered > 0;
            return (
              <tr
                key={`${r.role}\u0000${r.recipient}`}
                data-recipient={r.recipient}
                data-role={r.role}
              >
                <th scope="row" className="break">
                  {r.recipient}{" "}
                  <span className="badge td-role">{label("contactRole", r.role)}</span>
                  {silent && (
                    <span className="badge td-state-unanswered">{t("stats.tdSilent")}</span>
                  )}
                </th>
                <td className="num">{r.requests}</td>
                <td className="num">{r.acknowledged}</td>
                <td className="num">
                  <span className={r.refused > 0 ? "error-text" : undefined}>{r.refused}</span>
                </td>
                <td className="num">
                  <span className={r.unanswered > 0 ? "warn-text" : undefined}>{r.unanswered}</span>
                </td>
                <td className="num">{r.down}</td>
                <td className="num">{hours(r.time_to_acknowledge.median_hours)}</td>
                <td className="num">{hours(r.time_to_down.median_hours)}</td>
                <td className="num">{percent(pct(r.share_down_24h))}</td>
                <td className="num">{percent(pct(r.share_down_48h))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
