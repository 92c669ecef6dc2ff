// The queue: open cases, nearest deadline first, with filters, saved filters, bulk moves and
// the keyboard (j/k, Enter, a, x, /). Its pieces are in ./queue/.
import { useEffect, useRef, useState } from "react";
import { canWrite, Flash, Loading, useFlash, usePrompt, useTitle } from "../components.tsx";
import { useI18n } from "../i18n.ts";
import type { Session } from "../types.ts";
import { BulkMoveBar } from "./queue/bulk-move-bar.tsx";
import { CaseTable } from "./queue/case-table.tsx";
import { FilterBar } from "./queue/filter-bar.tsx";
import { KeyHelp } from "./queue/key-help.tsx";
import { Pager } from "./queue/pager.tsx";
import { SavedFiltersBar } from "./queue/saved-filters-bar.tsx";
import { useAcknowledge } from "./queue/use-acknowledge.ts";
import { useCaseList } from "./queue/use-case-list.ts";
import { useQueueFilters } from "./queue/use-queue-filters.ts";
import { useQueueKeys } from "./queue/use-queue-keys.ts";
import { useTicks } from "./queue/use-ticks.ts";

export function QueuePage({ session }: { session: Session }) {
  const { t } = useI18n();
  useTitle(t("queue.title"));
  const writer = canWrite(session);
  const flash = useFlash();
  const prompt = usePrompt();
  const searchRef = useRef<HTMLInputElement>(null);

  const { filters, filterKey, setFilter } = useQueueFilters();
  const list = useCaseList(filterKey, flash.fail);
  const ticks = useTicks();
  const [selected, setSelected] = useState(0);
  const items = list.page?.items ?? [];
  const selectedCase = items[Math.min(selected, items.length - 1)];

  // A new filter starts with the first row selected and nothing ticked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey is the trigger
  useEffect(() => {
    setSelected(0);
    ticks.clear();
  }, [filterKey]);

  const acknowledge = useAcknowledge({ writer, flash, reload: list.reload });
  useQueueKeys({
    rowCount: items.length,
    selectedCase,
    setSelected,
    acknowledge,
    toggle: ticks.toggle,
    writer,
    searchRef,
  });

  /** Another page starts at its first row. */
  const turn = (to: (() => void) | null) =>
    to &&
    (() => {
      to();
      setSelected(0);
    });

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t("queue.title")}</h1>
        <KeyHelp writer={writer} />
      </div>
      <FilterBar
        filters={filters}
        setFilter={setFilter}
        userName={session.name}
        searchRef={searchRef}
      />
      <SavedFiltersBar filterKey={filterKey} flash={flash} ask={prompt.ask} />
      <Flash msg={flash.msg} onClose={flash.clear} />
      {writer && <BulkMoveBar ticks={ticks} reload={list.reload} flash={flash} ask={prompt.ask} />}
      {list.loading && !list.page ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t("queue.empty")}</p>
      ) : (
        <CaseTable
          items={items}
          selectedId={selectedCase?.id}
          onSelect={setSelected}
          writer={writer}
          ticks={ticks}
        />
      )}
      <Pager
        pageNumber={list.pageNumber}
        onPrevious={turn(list.previous)}
        onNext={turn(list.next)}
      />
      {prompt.element}
    </section>
  );
}
