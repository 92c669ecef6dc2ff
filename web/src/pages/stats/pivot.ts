// Monthly rows per type, turned into one row a month for the stacked bars.

export interface MonthRows {
  /** One row a month: {month, <type>: n, …}. */
  data: Record<string, string | number>[];
  /** The types, the largest total first. */
  keys: string[];
}

/** Rows of {month, <type>: n} from rows of {month, type, n}; the types in a stable order. */
export function pivot<R extends { month: string; type: string }>(
  rows: R[],
  value: (r: R) => number,
): MonthRows {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.type, (totals.get(r.type) ?? 0) + value(r));
  const keys = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const data = months.map((month) => {
    const row: Record<string, string | number> = { month };
    for (const k of keys) row[k] = 0;
    for (const r of rows)
      if (r.month === month) row[r.type] = (Number(row[r.type]) || 0) + value(r);
    return row;
  });
  return { data, keys };
}
