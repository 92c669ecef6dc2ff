// The statistics' period (from, to, in UTC) and team; "show" asks again.
import { type FormEvent, useState } from "react";
import { useI18n } from "../../i18n.ts";
import { useTeams } from "../../use-teams.ts";
import type { StatsPeriod } from "./use-stats.ts";

export function PeriodForm({ onShow }: { onShow: (period: StatsPeriod) => void }) {
  const { t } = useI18n();
  const teams = useTeams();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [team, setTeam] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onShow({ from, to, team });
  };

  return (
    <form className="filters" onSubmit={submit}>
      <div className="field">
        <label htmlFor="st-from">{t("stats.from")}</label>
        <input id="st-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="st-to">{t("stats.to")}</label>
        <input id="st-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="st-team">{t("queue.team")}</label>
        <select id="st-team" value={team} onChange={(e) => setTeam(e.target.value)}>
          <option value="">{t("common.any")}</option>
          {teams.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.id} — {tm.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field buttons">
        <button type="submit" className="primary">
          {t("stats.show")}
        </button>
      </div>
      <p className="muted small field-note">{t("stats.utcNote")}</p>
    </form>
  );
}
