// The queue's keyboard: j/k move, Enter opens, a acknowledges, x ticks, / searches.
import { type Dispatch, type RefObject, type SetStateAction, useEffect } from "react";
import { typingTarget } from "../../components.tsx";
import { navigate } from "../../router.ts";
import type { CaseSummary } from "../../types.ts";

export function useQueueKeys({
  rowCount,
  selectedCase,
  setSelected,
  acknowledge,
  toggle,
  writer,
  searchRef,
}: {
  rowCount: number;
  /** The case of the selected row, if any. */
  selectedCase: CaseSummary | undefined;
  setSelected: Dispatch<SetStateAction<number>>;
  acknowledge: (c: CaseSummary) => void;
  toggle: (id: number) => void;
  /** Whether x (tick) works: viewers only read. */
  writer: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "/" && !typingTarget(e)) {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (typingTarget(e)) return;
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (e.key === "j") {
        e.preventDefault();
        setSelected((s) => Math.min(s + 1, Math.max(rowCount - 1, 0)));
      } else if (e.key === "k") {
        e.preventDefault();
        setSelected((s) => Math.max(s - 1, 0));
      } else if (e.key === "Enter" && selectedCase && tag !== "A" && tag !== "BUTTON") {
        e.preventDefault();
        navigate(`/cases/${selectedCase.id}`);
      } else if (e.key === "a" && selectedCase) {
        e.preventDefault();
        acknowledge(selectedCase);
      } else if (e.key === "x" && selectedCase && writer) {
        e.preventDefault();
        toggle(selectedCase.id);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rowCount, selectedCase, setSelected, acknowledge, toggle, writer, searchRef]);
}
