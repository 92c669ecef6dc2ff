// Saved filters: pick one, save the filters in force under a name, delete the one in force.
import { useCallback, useEffect, useState } from "react";
import { api } from "../../api.ts";
import type { Ask, PageFlash } from "../../components.tsx";
import { useI18n } from "../../i18n.ts";
import type { SavedFilter, SavedFilterList } from "../../types.ts";
import { applyFilterQuery } from "./use-queue-filters.ts";

export function SavedFiltersBar({
  filterKey,
  flash,
  ask,
}: {
  filterKey: string;
  flash: PageFlash;
  ask: Ask;
}) {
  const { t } = useI18n();
  const [saved, setSaved] = useState<SavedFilter[]>([]);

  const loadSaved = useCallback(async () => {
    try {
      setSaved((await api<SavedFilterList>("GET", "/api/v1/me/filters")).items);
    } catch {
      // saved filters are a convenience
    }
  }, []);
  useEffect(() => {
    loadSaved();
  }, [loadSaved]);

  const saveFilter = async () => {
    const name = await ask({
      title: t("queue.saveTitle"),
      label: t("queue.saveName"),
      confirm: t("common.save"),
    });
    if (!name) return;
    try {
      await api("POST", "/api/v1/me/filters", { name, query: filterKey });
      flash.ok(t("queue.saved", { name }));
      await loadSaved();
    } catch (e) {
      flash.fail(e);
    }
  };

  const currentSaved = saved.find((f) => f.query === filterKey);
  const deleteFilter = async (f: SavedFilter) => {
    try {
      await api("DELETE", `/api/v1/me/filters/${f.id}`);
      flash.ok(t("queue.filterDeleted", { name: f.name }));
      await loadSaved();
    } catch (e) {
      flash.fail(e);
    }
  };

  return (
    <div className="saved-filters">
      <label htmlFor="f-saved">{t("queue.savedFilters")}</label>
      <select
        id="f-saved"
        value={currentSaved ? String(currentSaved.id) : ""}
        onChange={(e) => {
          const f = saved.find((x) => String(x.id) === e.target.value);
          if (f) applyFilterQuery(f.query);
        }}
      >
        <option value="">{saved.length ? t("queue.pickFilter") : t("queue.noFilters")}</option>
        {saved.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={saveFilter}>
        {t("queue.saveFilter")}
      </button>
      {currentSaved && (
        <button type="button" className="danger-link" onClick={() => deleteFilter(currentSaved)}>
          {t("queue.deleteFilter", { name: currentSaved.name })}
        </button>
      )}
    </div>
  );
}
