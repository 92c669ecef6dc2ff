// The actions panel: every action of the policy's catalog; the ones this case allows open a
// small form (legal basis, reason, note, evidence), the others say why they are not possible.
import { type FormEvent, useId, useState } from "react";
import { api } from "../api.ts";
import { useI18n } from "../i18n.ts";
import type { AllowedAction, Capture, CaseDetail } from "../types.ts";

export function ActionsPanel({
  c,
  writer,
  captures,
  onDone,
  onError,
}: {
  c: CaseDetail;
  writer: boolean;
  captures: Capture[];
  onDone: (msg: string) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const { t, lang, label } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  // The server sends the policy's whole catalog for this case, and why each refused one is.
  const all = c.actions;
  const allowed = new Map(all.filter((a) => a.allowed).map((a) => [a.action, a]));
  const labelOf = (a: { label_en: string; label_ja: string }) =>
    lang === "ja" ? a.label_ja : a.label_en;
  const done = c.timeline.filter((e) => e.kind === "action").map((e) => String(e.detail.action));
  // The actions not possible here, grouped by why (usually one reason for them all).
  const blocked: { reason: string; actions: typeof all }[] = [];
  for (const a of all) {
    if (allowed.has(a.action)) continue;
    const reason = (lang === "ja" ? a.reason_ja : a.reason_en) ?? "";
    const group = blocked.find((g) => g.reason === reason);
    if (group) group.actions.push(a);
    else blocked.push({ reason, actions: [a] });
  }

  return (
    <section className="card actions-panel" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("action.title")}</h2>
      <p className="muted small">
        {t("action.hint", {
          target:
            c.ownership === "customer"
              ? label("service", c.service_type)
              : c.ownership === "platform"
                ? t("owner.platform")
                : t("owner.notOurs"),
        })}
      </p>
      <ul className="action-list">
        {all
          .filter((a) => allowed.has(a.action))
          .map((a) => {
            const times = done.filter((x) => x === a.action).length;
            return (
              <li key={a.action} className="allowed" data-action={a.action}>
                <button
                  type="button"
                  className={open === a.action ? "primary" : ""}
                  disabled={!writer}
                  aria-expanded={open === a.action}
                  onClick={() => setOpen(open === a.action ? null : a.action)}
                >
                  {labelOf(a)}
                  {times > 0 && (
                    <span className="count" title={t("action.done", { n: times })}>
                      {" "}
                      ✓{times > 1 ? `×${times}` : ""}
                    </span>
                  )}
                </button>
                {writer && open === a.action && (
                  <ActionForm
                    c={c}
                    a={allowed.get(a.action) as AllowedAction}
                    captures={captures}
                    onCancel={() => setOpen(null)}
                    onDone={async () => {
                      setOpen(null);
                      await onDone(t("action.recorded", { action: labelOf(a) }));
                    }}
                    onError={onError}
                  />
                )}
              </li>
            );
          })}
      </ul>
      {blocked.length > 0 && (
        <div className="not-possible">
          <h3>{t("action.notPossible")}</h3>
          {blocked.map((g, i) => (
            <div key={g.reason} className="blocked-group">
              <p id={`why-${c.id}-${i}`} className="why">
                {g.reason}
              </p>
              <ul className="action-list compact">
                {g.actions.map((a) => (
                  <li key={a.action} className="disallowed" data-action={a.action}>
                    <button type="button" disabled aria-describedby={`why-${c.id}-${i}`}>
                      {labelOf(a)}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function ActionForm({
  c,
  a,
  captures,
  onCancel,
  onDone,
  onError,
}: {
  c: CaseDetail;
  a: AllowedAction;
  captures: Capture[];
  onCancel: () => void;
  onDone: () => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const [legalBasis, setLegalBasis] = useState("");
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [evidence, setEvidence] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const sealed = captures.filter((x) => x.blobs.length > 0 && x.status === "done");
  const ready = legalBasis.trim() && (!a.requires_reason || reason.trim());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    try {
      await api("POST", `/api/v1/cases/${c.id}/actions`, {
        action: a.action,
        legal_basis: legalBasis.trim(),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(evidence.size ? { evidence: [...evidence] } : {}),
      });
      await onDone();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="action-form" onSubmit={submit} aria-label={a.action}>
      <label htmlFor={`${id}-basis`}>
        {t("action.legalBasis")} <span className="req">*</span>
      </label>
      <input
        id={`${id}-basis`}
        required
        value={legalBasis}
        placeholder={t("action.legalBasisHint")}
        onChange={(e) => setLegalBasis(e.target.value)}
        // biome-ignore lint/a11y/noAutofocus: the form was opened to be filled in
        autoFocus
      />
      <label htmlFor={`${id}-reason`}>
        {t("common.reason")} {a.requires_reason && <span className="req">*</span>}
      </label>
      <textarea
        id={`${id}-reason`}
        rows={2}
        required={a.requires_reason}
        value={reason}
        placeholder={a.requires_reason ? t("action.reasonRequired") : ""}
        onChange={(e) => setReason(e.target.value)}
      />
      <label htmlFor={`${id}-note`}>{t("action.note")}</label>
      <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      {sealed.length > 0 && (
        <fieldset className="evidence-pick">
          <legend>{t("action.evidence")}</legend>
          {sealed.map((x) => {
            const sha = x.blobs[x.blobs.length - 1] as string;
            return (
              <label key={x.id} className="check small">
                <input
                  type="checkbox"
                  checked={evidence.has(sha)}
                  onChange={() =>
                    setEvidence((prev) => {
                      const next = new Set(prev);
                      if (next.has(sha)) next.delete(sha);
                      else next.add(sha);
                      return next;
                    })
                  }
                />
                {label("capture", x.kind)} <span className="mono break">{x.target}</span>
              </label>
            );
          })}
        </fieldset>
      )}
      <div className="form-buttons">
        <button type="button" className="link" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="primary" disabled={busy || !ready}>
          {t("action.record")}
        </button>
      </div>
    </form>
  );
}
