// The queue's drop-down filters: state, type, team, assignee, misuse type. State, team and
// assignee keep a value they do not list (from a saved filter or a typed address) as an option
// of its own.
import type { ReactNode } from "react";
import { type Key, useI18n } from "../../i18n.ts";
import { ALL_STATES, MISUSE_TYPES, STATES } from "../../policy.ts";
import { CLASSIFICATION_TYPES } from "../../taxonomy.ts";
import type { CaseState } from "../../types.ts";
import { useTeams } from "../../use-teams.ts";
import type { FilterProps } from "./use-queue-filters.ts";

/** One labelled select bound to the filter `name` ("" for none). */
function Choice({
  id,
  name,
  label,
  filters,
  setFilter,
  children,
}: FilterProps & { id: string; name: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={filters.get(name) ?? ""}
        onChange={(e) => setFilter({ [name]: e.target.value })}
      >
        {children}
      </select>
    </div>
  );
}

export function StateChoice(props: FilterProps) {
  const { t, label } = useI18n();
  const stateValue = props.filters.get("state") ?? "open";
  return (
    <Choice id="f-state" name="state" label={t("queue.state")} {...props}>
      <option value="open">{t("queue.stateOpen")}</option>
      <option value={ALL_STATES}>{t("queue.stateAll")}</option>
      {STATES.map((s) => (
        <option key={s} value={s}>
          {label("state", s)}
        </option>
      ))}
      {![...STATES, "open", ALL_STATES].includes(stateValue as CaseState) && (
        <option value={stateValue}>{stateValue}</option>
      )}
    </Choice>
  );
}

/** The filters that pick one value of a fixed list, each shown under its label in `group`. */
const LISTS = {
  type: { id: "f-type", label: "queue.type", values: CLASSIFICATION_TYPES, group: "type" },
  misuse_type: { id: "f-misuse", label: "queue.misuse", values: MISUSE_TYPES, group: "misuse" },
} as const satisfies Record<
  string,
  { id: string; label: Key; values: readonly string[]; group: string }
>;

/** "Any", then each value of the list filter `name`. */
export function ListChoice({ name, ...props }: FilterProps & { name: keyof typeof LISTS }) {
  const { t, label } = useI18n();
  const list = LISTS[name];
  return (
    <Choice id={list.id} name={name} label={t(list.label)} {...props}>
      <option value="">{t("common.any")}</option>
      {list.values.map((v) => (
        <option key={v} value={v}>
          {label(list.group, v)}
        </option>
      ))}
    </Choice>
  );
}

export function TeamChoice(props: FilterProps) {
  const { t } = useI18n();
  const teams = useTeams();
  const team = props.filters.get("team");
  return (
    <Choice id="f-team" name="team" label={t("queue.team")} {...props}>
      <option value="">{t("common.any")}</option>
      {teams.map((tm) => (
        <option key={tm.id} value={tm.id}>
          {tm.id} — {tm.name}
        </option>
      ))}
      {team && !teams.some((tm) => tm.id === team) && <option value={team}>{team}</option>}
    </Choice>
  );
}

export function AssigneeChoice({ userName, ...props }: FilterProps & { userName: string }) {
  const { t } = useI18n();
  const assignee = props.filters.get("assignee");
  return (
    <Choice id="f-assignee" name="assignee" label={t("queue.assignee")} {...props}>
      <option value="">{t("common.any")}</option>
      <option value={userName}>{t("queue.mine", { name: userName })}</option>
      {assignee && assignee !== userName && <option value={assignee}>{assignee}</option>}
    </Choice>
  );
}
