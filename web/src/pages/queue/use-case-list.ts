// One page of the queue: asked for the filters in force, page by page (cursors), and again
// every minute so new cases come in while the countdowns tick.
import { useCallback, useEffect, useState } from "react";
import { api } from "../../api.ts";
import type { CaseList } from "../../types.ts";

const PAGE_SIZE = 50;
const REFRESH_MS = 60_000;

export interface CaseListPage {
  page: CaseList | null;
  loading: boolean;
  /** Asks again; `quiet` keeps the list on screen instead of showing "loading". */
  reload: (quiet?: boolean) => Promise<void>;
  /** 1 for the first page. */
  pageNumber: number;
  /** Go to the page before, or null on the first. */
  previous: (() => void) | null;
  /** Go to the page after, or null on the last. */
  next: (() => void) | null;
}

export function useCaseList(filterKey: string, fail: (e: unknown) => void): CaseListPage {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<CaseList | null>(null);
  const [loading, setLoading] = useState(true);
  const cursor = cursors[cursors.length - 1];

  // A new filter starts again from the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey is the trigger
  useEffect(() => {
    setCursors([undefined]);
  }, [filterKey]);

  const reload = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoading(true);
      try {
        const q = new URLSearchParams(filterKey);
        q.set("limit", String(PAGE_SIZE));
        if (cursor) q.set("cursor", cursor);
        setPage(await api<CaseList>("GET", `/api/v1/cases?${q}`));
      } catch (e) {
        fail(e);
      } finally {
        setLoading(false);
      }
    },
    [filterKey, cursor, fail],
  );

  useEffect(() => {
    reload();
    const id = setInterval(() => reload(true), REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);

  const nextCursor = page?.next_cursor;
  return {
    page,
    loading,
    reload,
    pageNumber: cursors.length,
    previous: cursors.length > 1 ? () => setCursors((c) => c.slice(0, -1)) : null,
    next: nextCursor ? () => setCursors((c) => [...c, nextCursor]) : null,
  };
}
