import { and, eq, gt, lt } from "drizzle-orm";
import { sha256Hex } from "../domain/canonical-json.ts";
import type { Role } from "../domain/roles.ts";
import type { Db } from "../store/database.ts";
import { sessions, users } from "../store/schema.ts";
import type { Principal } from "./principal.ts";
import { randomToken } from "./secrets.ts";

/** Starts a browser session; returns the cookie value (never stored) and the CSRF token. */
export async function createSession(
  db: Db,
  userId: string,
  ttlHours: number,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.insert(sessions).values({ tokenHash: sha256Hex(token), userId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

/** The principal of a live session cookie, or null when it is unknown, expired or disabled. */
export async function authenticateSession(db: Db, token: string): Promise<Principal | null> {
  const tokenHash = sha256Hex(token);
  const [row] = await db
    .select({ user: users, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date())));
  if (!row || row.user.disabledAt !== null) return null;
  return {
    kind: "user",
    id: row.user.id,
    name: row.user.username,
    role: row.user.role as Role,
    csrfToken: row.csrfToken,
    sessionTokenHash: tokenHash,
  };
}

export async function endSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a user (after a password change). */
export async function endUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes expired sessions; run by a periodic job. */
export async function purgeExpiredSessions(db: Db): Promise<number> {
  return (await db.delete(sessions).where(lt(sessions.expiresAt, new Date())).returning()).length;
}
