// The queue's filters live in the address bar: reading them, changing one, starting over.
import { useMemo } from "react";
import { navigate, useLocation } from "../../router.ts";

/** A filter's new value; null or "" removes it. */
export type FilterChanges = Record<string, string | null>;

export interface QueueFilters {
  /** The filters in force (the default: open cases). */
  filters: URLSearchParams;
  /** The same as a query string: what a saved filter stores, and what reloads the list. */
  filterKey: string;
  setFilter: (changes: FilterChanges) => void;
}

/** What a piece of the filter bar reads and sets. */
export type FilterProps = Pick<QueueFilters, "filters" | "setFilter">;

/** The queue's filters, read from the address bar (the default: open cases). */
function filtersOf(search: string): URLSearchParams {
  const p = new URLSearchParams(search);
  if (!p.has("state")) p.set("state", "open");
  return p;
}

export function useQueueFilters(): QueueFilters {
  const { search } = useLocation();
  const filters = useMemo(() => filtersOf(search), [search]);
  const filterKey = filters.toString();
  const setFilter = (changes: FilterChanges) => {
    const p = new URLSearchParams(filterKey);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") p.delete(k);
      else p.set(k, v);
    }
    navigate(`/queue?${p}`, { replace: true });
  };
  return { filters, filterKey, setFilter };
}

/** Shows the queue with a saved filter's query. */
export function applyFilterQuery(query: string): void {
  navigate(`/queue?${query}`, { replace: true });
}

/** Back to the default filters. */
export function resetFilters(): void {
  navigate("/queue", { replace: true });
}
