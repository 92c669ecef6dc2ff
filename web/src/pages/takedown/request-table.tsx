// The case's requests, oldest first: to whom, where each stands, the time left to answer,
// when it went out, was acknowledged and the resource seen down. A row opens the request.
import { Fragment, type ReactNode } from "react";
import { useI18n } from "../../i18n.ts";
import { Time } from "../../time.tsx";
import type { TakedownRequest } from "../../types.ts";
import { Deadline, Recipient, TakedownStateBadge } from "./request-badges.tsx";

const COLUMNS = 8;

export function RequestTable({
  requests,
  open,
  onToggle,
  detail,
}: {
  requests: TakedownRequest[];
  open: number | null;
  onToggle: (id: number) => void;
  detail: (r: TakedownRequest) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="td-requests">
        <thead>
          <tr>
            <th scope="col">{t("td.colId")}</th>
            <th scope="col">{t("td.colTo")}</th>
            <th scope="col">{t("td.colState")}</th>
            <th scope="col">{t("td.colDeadline")}</th>
            <th scope="col">{t("td.colSent")}</th>
            <th scope="col">{t("td.colAcknowledged")}</th>
            <th scope="col">{t("td.colDown")}</th>
            <th scope="col">
              <span className="sr-only">{t("td.open")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => {
            const isOpen = open === r.id;
            return (
              <Fragment key={r.id}>
                <tr data-request-id={r.id} className={isOpen ? "selected" : undefined}>
                  <td className="mono">
                    {r.id}
                    {r.escalates !== null && (
                      <div className="muted small" title={t("td.escalates")}>
                        ↑ {r.escalates}
                      </div>
                    )}
                  </td>
                  <td>
                    <Recipient r={r} />
                  </td>
                  <td>
                    <TakedownStateBadge state={r.state} />
                  </td>
                  <td>
                    <Deadline r={r} />
                  </td>
                  <td className="small">
                    <Time at={r.sent_at} />
                  </td>
                  <td className="small">
                    <Time at={r.acknowledged_at} />
                  </td>
                  <td className="small">
                    <Time at={r.down_at} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className={`small${isOpen ? " primary" : ""}`}
                      aria-expanded={isOpen}
                      onClick={() => onToggle(r.id)}
                    >
                      {isOpen ? t("td.close") : t("td.open")}
                      <span className="sr-only"> #{r.id}</span>
                    </button>
                  </td>
                </tr>
                {isOpen && (
                  <tr className="td-detail-row">
                    <td colSpan={COLUMNS}>{detail(r)}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
