import type { Store } from "../store/database.ts";
import { addWatches } from "./watch-store.ts";

// Raw SQL: the URLs come from intake's events on the cases module's cases, which this module
// may read (src/store/table-owners.ts) but not query through their drizzle tables.

/** Watches the URLs a routed report brought onto open cases that are not ours; returns how many are new. */
export async function planWatches(
  store: Store,
  reportId: string,
  intervalSeconds: number,
): Promise<number> {
  const rows = await store.query<{ case_id: string; url: string }>(
    `SELECT DISTINCT e.case_id, e.data->>'source.url' AS url
       FROM events e JOIN cases c ON c.id = e.case_id
      WHERE e.report_id = $1 AND c.ownership = 'not_ours'
        AND c.state NOT IN ('resolved', 'closed', 'rejected')
        AND e.data ? 'source.url'
      LIMIT 10000`,
    [reportId],
  );
  const items = rows.flatMap((r) => {
    try {
      const u = new URL(r.url);
      if (u.protocol !== "http:" && u.protocol !== "https:") return [];
      return [{ caseId: Number(r.case_id), url: u.href, host: u.hostname }];
    } catch {
      return [];
    }
  });
  return addWatches(store.db, items, intervalSeconds);
}
