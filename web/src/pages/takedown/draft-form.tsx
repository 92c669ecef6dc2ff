// Drafting requests: by default the playbook of the case's type (phishing: the platform, the
// host and the registrar at once); optionally the roles to ask, the deadline and the format.
import { type FormEvent, useId, useState } from "react";
import { api } from "../../api.ts";
import { useI18n } from "../../i18n.ts";
import type {
  ContactRole,
  TakedownDrafted,
  TakedownDraftInput,
  TakedownFormat,
} from "../../types.ts";
import { CONTACT_ROLES } from "./moves.ts";

const FORMATS: readonly TakedownFormat[] = ["both", "mail", "xarf"];
const MAX_HOURS = 24 * 30;

export function DraftForm({
  caseId,
  onDrafted,
  onError,
}: {
  caseId: number;
  onDrafted: (r: TakedownDrafted) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const [roles, setRoles] = useState<Set<ContactRole>>(new Set());
  const [hours, setHours] = useState("");
  const [format, setFormat] = useState<TakedownFormat | "">("");
  const [busy, setBusy] = useState(false);
  const hoursN = Number(hours);
  const hoursOk = hours === "" || (Number.isInteger(hoursN) && hoursN >= 1 && hoursN <= MAX_HOURS);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!hoursOk) return;
    setBusy(true);
    try {
      const body: TakedownDraftInput = {
        ...(roles.size > 0 ? { roles: CONTACT_ROLES.filter((r) => roles.has(r)) } : {}),
        ...(hours !== "" ? { deadline_hours: hoursN } : {}),
        ...(format ? { format } : {}),
      };
      const r = await api<TakedownDrafted>(
        "POST",
        `/api/v1/cases/${caseId}/takedown-requests`,
        body,
      );
      await onDrafted(r);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (role: ContactRole) =>
    setRoles((prev) => {
      const next = new Set(prev);
      if (next.has(role)) next.delete(role);
      else next.add(role);
      return next;
    });

  return (
    <form className="td-draft" onSubmit={submit}>
      <button type="submit" className="primary" disabled={busy || !hoursOk}>
        {roles.size > 0 ? t("td.draftChosen") : t("td.draft")}
      </button>
      <details className="td-draft-options">
        <summary className="small">{t("td.draftOptions")}</summary>
        <fieldset>
          <legend>{t("td.roles")}</legend>
          <p className="muted small">{t("td.rolesHint")}</p>
          {CONTACT_ROLES.map((role) => (
            <label key={role} className="check small">
              <input type="checkbox" checked={roles.has(role)} onChange={() => toggle(role)} />
              {label("contactRole", role)}
            </label>
          ))}
        </fieldset>
        <div className="td-draft-fields">
          <label htmlFor={`${id}-hours`}>{t("td.deadlineHours")}</label>
          <input
            id={`${id}-hours`}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_HOURS}
            step={1}
            value={hours}
            placeholder={t("td.deadlineDefault")}
            aria-invalid={!hoursOk}
            onChange={(e) => setHours(e.target.value)}
          />
          <label htmlFor={`${id}-format`}>{t("td.format")}</label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(e) => setFormat(e.target.value as TakedownFormat | "")}
          >
            <option value="">{t("td.formatDefault")}</option>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {label("tdFormat", f)}
              </option>
            ))}
          </select>
        </div>
      </details>
    </form>
  );
}
