// The queue's yes/no filters: not ours only, re-emerged only, deadline missed.
import { type Key, useI18n } from "../../i18n.ts";
import type { FilterProps } from "./use-queue-filters.ts";

/** Each toggle sets one filter to one value, or removes it. */
const TOGGLES: { name: string; value: string; label: Key }[] = [
  { name: "ownership", value: "not_ours", label: "queue.notOurs" },
  { name: "reemerged", value: "true", label: "queue.reemerged" },
  { name: "breach", value: "any", label: "queue.breached" },
];

export function FilterToggles({ filters, setFilter }: FilterProps) {
  const { t } = useI18n();
  return (
    <div className="field toggles">
      {TOGGLES.map(({ name, value, label }) => (
        <label key={name} className="check">
          <input
            type="checkbox"
            checked={filters.get(name) === value}
            onChange={(e) => setFilter({ [name]: e.target.checked ? value : null })}
          />
          {t(label)}
        </label>
      ))}
    </div>
  );
}
