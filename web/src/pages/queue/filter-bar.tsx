// The queue's filter form: one search box (text, case id, IP, CIDR, domain or URL), the
// choices and the toggles; searching and starting over.
import { type FormEvent, type RefObject, useEffect, useState } from "react";
import { useI18n } from "../../i18n.ts";
import { AssigneeChoice, ListChoice, StateChoice, TeamChoice } from "./filter-choices.tsx";
import { FilterToggles } from "./filter-toggles.tsx";
import { resourceOf } from "./resource-of.ts";
import { type FilterProps, resetFilters } from "./use-queue-filters.ts";

export function FilterBar({
  filters,
  setFilter,
  userName,
  searchRef,
}: FilterProps & {
  userName: string;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  const searchText = filters.get("resource") ?? filters.get("q") ?? "";
  const [text, setText] = useState(searchText);
  useEffect(() => setText(searchText), [searchText]);

  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    const r = resourceOf(text);
    setFilter(r ? { resource: r, q: null } : { q: text.trim() || null, resource: null });
  };

  return (
    <form className="filters" onSubmit={submitSearch} aria-label={t("queue.filters")}>
      <div className="field grow">
        <label htmlFor="f-search">{t("queue.search")}</label>
        <input
          id="f-search"
          ref={searchRef}
          type="search"
          placeholder={t("queue.searchHint")}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") e.currentTarget.blur();
          }}
        />
      </div>
      <StateChoice filters={filters} setFilter={setFilter} />
      <ListChoice name="type" filters={filters} setFilter={setFilter} />
      <TeamChoice filters={filters} setFilter={setFilter} />
      <AssigneeChoice filters={filters} setFilter={setFilter} userName={userName} />
      <ListChoice name="misuse_type" filters={filters} setFilter={setFilter} />
      <FilterToggles filters={filters} setFilter={setFilter} />
      <div className="field buttons">
        <button type="submit">{t("queue.searchButton")}</button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setText("");
            resetFilters();
          }}
        >
          {t("queue.reset")}
        </button>
      </div>
    </form>
  );
}
