// What an analyst can do with one request: send a draft (or record it as submitted at the
// recipient's web form), record what happened with an optional note, escalate to the next in
// the chain. Only the moves the request's state allows are offered; the server has the last
// word and its refusal is shown like any other error.
import { useId, useState } from "react";
import { api } from "../../api.ts";
import { useI18n } from "../../i18n.ts";
import type { TakedownDrafted, TakedownMove, TakedownRequest } from "../../types.ts";
import { ExternalLink } from "./external-link.tsx";

export function RequestActions({
  r,
  onDone,
  onDrafted,
  onError,
}: {
  r: TakedownRequest;
  onDone: (msg: string) => Promise<void>;
  onDrafted: (res: TakedownDrafted, msg: string) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  // The server says what may follow (its transition table and the policy's chain).
  const moves = r.moves.filter(
    (m): m is TakedownMove => m !== "draft" && m !== "sent" && m !== "escalated",
  );
  const next = r.can_escalate ? r.next_role : null;
  const base = `/api/v1/takedown-requests/${r.id}`;

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  const send = () =>
    run(async () => {
      await api<TakedownRequest>("POST", `${base}/send`);
      await onDone(t(r.channel === "web_form" ? "td.submitted" : "td.sent", { id: r.id }));
    });

  const move = (to: TakedownMove) =>
    run(async () => {
      await api<TakedownRequest>("POST", `${base}/state`, {
        state: to,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setNote("");
      await onDone(t("td.moved", { id: r.id, state: label("tdState", to) }));
    });

  const escalate = () =>
    run(async () => {
      const res = await api<TakedownDrafted>("POST", `${base}/escalate`);
      await onDrafted(
        res,
        res.requests.length > 0 ? t("td.escalated", { id: r.id }) : t("td.notEscalated"),
      );
    });

  if (r.state !== "draft" && moves.length === 0 && !next) return null;
  return (
    <div className="td-actions">
      {r.state === "draft" && (
        <div className="td-send">
          {r.channel === "web_form" && r.recipient.web_form && (
            <p className="small">
              {t("td.webFormHint")}{" "}
              <ExternalLink href={r.recipient.web_form}>{t("td.openWebForm")}</ExternalLink>
            </p>
          )}
          <button type="button" className="primary" disabled={busy} onClick={send}>
            {r.channel === "web_form" ? t("td.sendWebForm") : t("td.send")}
          </button>
        </div>
      )}
      {moves.length > 0 && (
        <fieldset className="td-record">
          <legend>{r.state === "draft" ? t("td.discardTitle") : t("td.record")}</legend>
          <label htmlFor={`${id}-note`}>{t("td.note")}</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            maxLength={4000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="td-move-buttons">
            {moves.map((to) => (
              <button
                key={to}
                type="button"
                data-move={to}
                disabled={busy}
                onClick={() => move(to)}
              >
                {r.state === "draft" && to === "closed" ? t("td.discard") : label("tdMove", to)}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {next && (
        <div className="td-escalate">
          <button type="button" disabled={busy} onClick={escalate}>
            {t("td.escalate", { role: label("contactRole", next) })}
          </button>
          <span className="muted small"> {t("td.escalateHint")}</span>
        </div>
      )}
    </div>
  );
}
