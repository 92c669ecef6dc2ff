import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../store/database.ts";
import { loginFailures } from "../store/schema.ts";

export interface ThrottlePolicy {
  maxFailures: number;
  windowMinutes: number;
}

/**
 * Seconds until the next login for this user name may be tried, or 0. Counted in the
 * database so every server process on one PostgreSQL sees the same failures.
 */
export async function loginRetryAfter(
  db: Db,
  username: string,
  policy: ThrottlePolicy,
): Promise<number> {
  const since = new Date(Date.now() - policy.windowMinutes * 60_000);
  const rows = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.username, username), gt(loginFailures.at, since)))
    .orderBy(loginFailures.at);
  if (rows.length < policy.maxFailures) return 0;
  // Blocked until the oldest counted failure leaves the window.
  const oldest = rows[rows.length - policy.maxFailures]?.at ?? new Date();
  return Math.max(
    1,
    Math.ceil((oldest.getTime() + policy.windowMinutes * 60_000 - Date.now()) / 1000),
  );
}

export async function recordLoginFailure(
  db: Db,
  username: string,
  clientIp: string,
): Promise<void> {
  await db.insert(loginFailures).values({ username, clientIp });
}

export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.username, username));
}

/** Forgets failures older than a day; run by a periodic job. */
export async function purgeOldLoginFailures(db: Db): Promise<number> {
  const rows = await db
    .delete(loginFailures)
    .where(lt(loginFailures.at, new Date(Date.now() - 86_400_000)))
    .returning({ id: loginFailures.id });
  return rows.length;
}
