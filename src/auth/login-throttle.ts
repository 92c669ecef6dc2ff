import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../store/database.ts";
import { loginFailures } from "../store/schema.ts";

export interface ThrottlePolicy {
  maxFailures: number;
  windowMinutes: number;
}

/**
 * Seconds until this user name may be tried again from this address, or 0. Failures are
 * counted per name *and* address, so someone who knows a user name cannot lock its owner
 * out by failing from elsewhere; a guesser spread over many addresses is slowed down
 * instead (`loginDelayMs`). Counted in the database so every server process on one
 * PostgreSQL sees the same failures.
 */
export async function loginRetryAfter(
  db: Db,
  username: string,
  clientIp: string,
  policy: ThrottlePolicy,
): Promise<number> {
  const since = new Date(Date.now() - policy.windowMinutes * 60_000);
  const rows = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(
      and(
        eq(loginFailures.username, username),
        eq(loginFailures.clientIp, clientIp),
        gt(loginFailures.at, since),
      ),
    )
    .orderBy(loginFailures.at);
  if (rows.length < policy.maxFailures) return 0;
  // Blocked until the oldest counted failure leaves the window.
  const oldest = rows[rows.length - policy.maxFailures]?.at ?? new Date();
  return Math.max(
    1,
    Math.ceil((oldest.getTime() + policy.windowMinutes * 60_000 - Date.now()) / 1000),
  );
}

/** The longest a login answer is held back. */
const MAX_DELAY_MS = 4_000;

/**
 * How long to hold back the answer to a login for this name: nothing for the first two
 * failures in the window (from anywhere), then 250 ms doubling with each one, up to 4 s.
 * Slows a guesser down long before any lock, and locks nobody out.
 */
export async function loginDelayMs(
  db: Db,
  username: string,
  policy: ThrottlePolicy,
): Promise<number> {
  const since = new Date(Date.now() - policy.windowMinutes * 60_000);
  const rows = await db
    .select({ id: loginFailures.id })
    .from(loginFailures)
    .where(and(eq(loginFailures.username, username), gt(loginFailures.at, since)))
    .limit(16);
  return rows.length < 2 ? 0 : Math.min(MAX_DELAY_MS, 250 * 2 ** (rows.length - 2));
}

/** Counts a failed login of this name from this address. */
export async function recordLoginFailure(
  db: Db,
  username: string,
  clientIp: string,
): Promise<void> {
  await db.insert(loginFailures).values({ username, clientIp });
}

/** A successful login forgets the failures of this name from this address. */
export async function clearLoginFailures(
  db: Db,
  username: string,
  clientIp: string,
): Promise<void> {
  await db
    .delete(loginFailures)
    .where(and(eq(loginFailures.username, username), eq(loginFailures.clientIp, clientIp)));
}

/** Forgets failures older than a day; run by a periodic job. */
export async function purgeOldLoginFailures(db: Db): Promise<number> {
  const rows = await db
    .delete(loginFailures)
    .where(lt(loginFailures.at, new Date(Date.now() - 86_400_000)))
    .returning({ id: loginFailures.id });
  return rows.length;
}
