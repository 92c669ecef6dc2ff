// The queue's list: one row a case, the selected row marked, a box to tick each (writers).
import { useEffect, useRef } from "react";
import { useI18n } from "../../i18n.ts";
import type { CaseSummary } from "../../types.ts";
import { CaseRow } from "./case-row.tsx";
import { KEY_HELP_ID } from "./key-help.tsx";
import type { Ticks } from "./use-ticks.ts";

export function CaseTable({
  items,
  selectedId,
  onSelect,
  writer,
  ticks,
}: {
  items: CaseSummary[];
  selectedId: number | undefined;
  onSelect: (index: number) => void;
  writer: boolean;
  ticks: Ticks;
}) {
  const { t } = useI18n();
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const allOnPage = items.length > 0 && items.every((c) => ticks.ticked.has(c.id));

  // Keep the selected row in view.
  useEffect(() => {
    bodyRef.current
      ?.querySelector<HTMLElement>("tr[aria-selected='true']")
      ?.scrollIntoView?.({ block: "nearest" });
  }, []);

  return (
    <div className="table-wrap">
      <table className="queue" aria-describedby={KEY_HELP_ID}>
        <thead>
          <tr>
            {writer && (
              <th scope="col" className="col-check">
                <input
                  type="checkbox"
                  aria-label={t("queue.tickAll")}
                  checked={allOnPage}
                  onChange={() =>
                    allOnPage ? ticks.clear() : ticks.tickOnly(items.map((c) => c.id))
                  }
                />
              </th>
            )}
            <th scope="col">{t("queue.colDeadline")}</th>
            <th scope="col">#</th>
            <th scope="col">{t("queue.colState")}</th>
            <th scope="col">{t("queue.colType")}</th>
            <th scope="col">{t("queue.colResource")}</th>
            <th scope="col">{t("queue.colOwner")}</th>
            <th scope="col">{t("queue.colMisuse")}</th>
            <th scope="col">{t("queue.colAssignee")}</th>
            <th scope="col" className="num">
              {t("queue.colEvents")}
            </th>
          </tr>
        </thead>
        <tbody ref={bodyRef}>
          {items.map((c, i) => (
            <CaseRow
              key={c.id}
              c={c}
              selected={selectedId === c.id}
              onSelect={() => onSelect(i)}
              tick={writer ? { ticked: ticks.ticked.has(c.id), toggle: ticks.toggle } : null}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
