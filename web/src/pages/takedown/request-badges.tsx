// A request's state as a badge, its answer deadline (ticking while the recipient has it),
// and its recipient in one line.
import { useI18n } from "../../i18n.ts";
import { Countdown, Time } from "../../time.tsx";
import type { TakedownRequest, TakedownState } from "../../types.ts";
import { ExternalLink } from "./external-link.tsx";
import { RUNNING } from "./moves.ts";

export function TakedownStateBadge({ state }: { state: TakedownState }) {
  const { label } = useI18n();
  return (
    <span className={`badge td-state td-state-${state}`} data-state={state}>
      {label("tdState", state)}
    </span>
  );
}

/** Time left (or overdue) while the request waits; afterwards just when it was due. */
export function Deadline({ r }: { r: TakedownRequest }) {
  if (!r.deadline_at) return <span className="muted">—</span>;
  if (!RUNNING[r.state])
    return (
      <span className="muted small">
        <Time at={r.deadline_at} />
      </span>
    );
  return (
    <span className="td-deadline">
      <Countdown due={r.deadline_at} />
      <br />
      <span className="muted small">
        <Time at={r.deadline_at} />
      </span>
    </span>
  );
}

/** Whom the request goes to: the role, the organisation, the address or web form. */
export function Recipient({ r }: { r: TakedownRequest }) {
  const { label } = useI18n();
  const c = r.recipient;
  return (
    <span className="td-recipient">
      <span className="badge td-role">{label("contactRole", r.role)}</span>{" "}
      <span>{c.organisation ?? c.about}</span>
      <br />
      {c.email ? (
        <span className="mono small break">{c.email}</span>
      ) : c.web_form ? (
        <span className="small">
          {label("tdChannel", "web_form")}: <ExternalLink href={c.web_form} />
        </span>
      ) : null}
    </span>
  );
}
