// One case in the queue: deadline, id, state, type, resource, owner, misuse, assignee, events.
import { Link, OwnerText, StateBadge } from "../../components.tsx";
import { useI18n } from "../../i18n.ts";
import { navigate } from "../../router.ts";
import { Countdown } from "../../time.tsx";
import type { CaseSummary } from "../../types.ts";

export function CaseRow({
  c,
  selected,
  onSelect,
  tick,
}: {
  c: CaseSummary;
  selected: boolean;
  onSelect: () => void;
  /** The row's box, for writers; null for viewers. */
  tick: { ticked: boolean; toggle: (id: number) => void } | null;
}) {
  const { t, label } = useI18n();
  const breached = c.sla.first_action_breached || c.sla.resolution_breached;
  return (
    <tr
      aria-selected={selected}
      className={`${selected ? "selected" : ""} ${breached ? "row-breached" : ""}`}
      onClick={onSelect}
      onDoubleClick={() => navigate(`/cases/${c.id}`)}
      data-case-id={c.id}
    >
      {tick && (
        <td className="col-check">
          <input
            type="checkbox"
            aria-label={t("queue.tick", { id: c.id })}
            checked={tick.ticked}
            onChange={() => tick.toggle(c.id)}
            onClick={(e) => e.stopPropagation()}
          />
        </td>
      )}
      <td data-label={t("queue.colDeadline")} className="col-deadline">
        <DeadlineMarks c={c} breached={breached} />
      </td>
      <td data-label="#">
        <Link to={`/cases/${c.id}`} className="case-link" tabIndex={selected ? 0 : -1}>
          #{c.id}
        </Link>
      </td>
      <td data-label={t("queue.colState")}>
        <StateBadge state={c.state} />
        {c.reemerged && (
          <span
            className="badge mark-reemerged"
            title={t("queue.reemergedHint", { n: c.reemerged_count })}
          >
            ↻ {t("queue.reemergedMark")}
          </span>
        )}
      </td>
      <td data-label={t("queue.colType")}>
        <span className={`type type-${c.type}`}>{label("type", c.type)}</span>
      </td>
      <td data-label={t("queue.colResource")} className="mono resource">
        {c.resource}
      </td>
      <td data-label={t("queue.colOwner")}>
        <OwnerText c={c} />
      </td>
      <td data-label={t("queue.colMisuse")}>
        <MisuseGuess c={c} />
      </td>
      <td data-label={t("queue.colAssignee")}>{c.assignee ?? <span className="muted">—</span>}</td>
      <td data-label={t("queue.colEvents")} className="num">
        {c.event_count}
      </td>
    </tr>
  );
}

/** The live countdown to the next deadline, with the missed and paused marks. */
function DeadlineMarks({ c, breached }: { c: CaseSummary; breached: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Countdown due={c.sla.next_deadline} breached={breached} paused={c.sla.paused} />
      {breached && (
        <span
          className="badge mark-breach"
          title={
            c.sla.first_action_breached ? t("sla.firstActionBreached") : t("sla.resolutionBreached")
          }
        >
          {t("queue.breachMark")}
        </span>
      )}
      {c.sla.paused && !c.sla.next_deadline && (
        <span className="badge mark-paused">{t("sla.paused")}</span>
      )}
    </>
  );
}

/** The misuse type; while undetermined, the first suggestion with a question mark. */
function MisuseGuess({ c }: { c: CaseSummary }) {
  const { t, label } = useI18n();
  if (c.misuse_type === "undetermined" && c.misuse_suggestions.length > 0)
    return (
      <span className="muted" title={t("queue.suggested")}>
        {label("misuse", c.misuse_suggestions[0]?.misuse_type)}?
      </span>
    );
  return <>{label("misuse", c.misuse_type)}</>;
}
