import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../store/database.ts";
import { savedFilters } from "../store/schema.ts";

/** A queue filter someone saved under a name. */
export interface SavedFilter {
  id: number;
  name: string;
  query: string;
}

const columns = { id: savedFilters.id, name: savedFilters.name, query: savedFilters.query };

/** The owner's saved filters, by name. */
export function savedFiltersOf(db: Db, owner: string): Promise<SavedFilter[]> {
  return db
    .select(columns)
    .from(savedFilters)
    .where(eq(savedFilters.owner, owner))
    .orderBy(asc(savedFilters.name));
}

/** Saves a filter under a name; the same name replaces the owner's earlier one. */
export async function saveFilter(
  db: Db,
  owner: string,
  name: string,
  query: string,
): Promise<SavedFilter> {
  const [row] = await db
    .insert(savedFilters)
    .values({ owner, name, query })
    .onConflictDoUpdate({ target: [savedFilters.owner, savedFilters.name], set: { query } })
    .returning(columns);
  if (!row) throw new Error("saving a filter returned no row");
  return row;
}

/** Forgets one of the owner's filters; false when there was none with that id. */
export async function deleteFilter(db: Db, owner: string, id: number): Promise<boolean> {
  const rows = await db
    .delete(savedFilters)
    .where(and(eq(savedFilters.id, id), eq(savedFilters.owner, owner)))
    .returning({ id: savedFilters.id });
  return rows.length > 0;
}
