import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../store/database.ts";
import { contactLookups } from "../store/schema.ts";
import { ContactLookup } from "./contact-types.ts";

/** The lookup kept for a resource, while it has not expired; null otherwise. */
export async function cachedLookup(db: Db, resource: string): Promise<ContactLookup | null> {
  const [row] = await db
    .select({ result: contactLookups.result })
    .from(contactLookups)
    .where(and(eq(contactLookups.resource, resource), gt(contactLookups.expiresAt, new Date())))
    .limit(1);
  if (!row) return null;
  // A row written by an older version that no longer parses is looked up again.
  const parsed = ContactLookup.safeParse(row.result);
  return parsed.success ? { ...parsed.data, cached: true } : null;
}

/** Keeps a lookup for `ttlSeconds`, replacing the resource's earlier one. */
export async function keepLookup(db: Db, lookup: ContactLookup, ttlSeconds: number): Promise<void> {
  const lookedUpAt = new Date(lookup.looked_up_at);
  const expiresAt = new Date(lookedUpAt.getTime() + ttlSeconds * 1000);
  // The lookup made its answer storable (a NUL in a registrar's name must not fail a write).
  const result = { ...lookup, cached: false };
  await db
    .insert(contactLookups)
    .values({ resource: lookup.resource, result, lookedUpAt, expiresAt })
    .onConflictDoUpdate({
      target: contactLookups.resource,
      set: { result, lookedUpAt, expiresAt },
    });
}

/** Forgets lookups that expired before `before`; returns how many. */
export async function forgetExpiredLookups(db: Db, before = new Date()): Promise<number> {
  const gone = await db
    .delete(contactLookups)
    .where(lt(contactLookups.expiresAt, before))
    .returning({ resource: contactLookups.resource });
  return gone.length;
}
