// The cases ticked for a bulk move (x, or the row's box).
import { useCallback, useState } from "react";

export interface Ticks {
  ticked: ReadonlySet<number>;
  toggle: (id: number) => void;
  /** Ticks exactly these (the "all on this page" box). */
  tickOnly: (ids: readonly number[]) => void;
  clear: () => void;
}

export function useTicks(): Ticks {
  const [ticked, setTicked] = useState<ReadonlySet<number>>(new Set());
  const toggle = useCallback((id: number) => {
    setTicked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const tickOnly = useCallback((ids: readonly number[]) => setTicked(new Set(ids)), []);
  const clear = useCallback(() => setTicked(new Set()), []);
  return { ticked, toggle, tickOnly, clear };
}
