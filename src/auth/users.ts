import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { conflict, UserError } from "../domain/errors.ts";
import { Role } from "../domain/roles.ts";
import type { Db, SqlRunner } from "../store/database.ts";
import { users } from "../store/schema.ts";
import { verifyPassword } from "./secrets.ts";

export const Username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, "2–64 characters: lower-case letters, digits, . _ @ -");
export const Password = z.string().min(12, "at least 12 characters").max(1024);

export const UserInfo = z.object({
  id: z.uuid(),
  username: z.string(),
  display_name: z.string(),
  role: Role,
  created_at: z.string(),
  password_changed_at: z.string(),
  disabled: z.boolean(),
});
export type UserInfo = z.infer<typeof UserInfo>;

type Row = typeof users.$inferSelect;
const info = (r: Row): UserInfo => ({
  id: r.id,
  username: r.username,
  display_name: r.displayName,
  role: r.role as Role,
  created_at: r.createdAt.toISOString(),
  password_changed_at: r.passwordChangedAt.toISOString(),
  disabled: r.disabledAt !== null,
});

/** Creates a person's account; the user name must be new. Hash the password first with `hashPassword`. */
export async function createUser(
  db: Db,
  opts: { username: string; passwordHash: string; role: Role; displayName?: string },
): Promise<UserInfo> {
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, opts.username));
  if (existing) throw conflict(`user ${opts.username} already exists`);
  const [row] = await db
    .insert(users)
    .values({
      username: opts.username,
      displayName: opts.displayName ?? "",
      role: opts.role,
      passwordHash: opts.passwordHash,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return info(row);
}

/**
 * Stores a new password hash (made with `hashPassword` outside the transaction: scrypt is
 * slow on purpose). The caller ends the user's browser sessions.
 */
export async function setPasswordHash(
  db: Db,
  username: string,
  passwordHash: string,
): Promise<UserInfo> {
  const [row] = await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: new Date() })
    .where(eq(users.username, username))
    .returning();
  if (!row) throw new UserError("not_found", `user ${username} not found`, 404);
  return info(row);
}

export async function listUsers(db: Db): Promise<UserInfo[]> {
  return (await db.select().from(users).orderBy(asc(users.username))).map(info);
}

/** True when an enabled user with the admin role exists. */
export async function hasActiveAdminUser(db: Db): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .limit(1);
  return rows.length > 0;
}

/** The user if the password is right and the account enabled, else null. */
export async function checkCredentials(
  db: Db,
  username: string,
  password: string,
): Promise<UserInfo | null> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
  const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
  return row && ok && row.disabledAt === null ? info(row) : null;
}

const DUMMY_HASH =
  "scrypt$131072$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** The person's UI language (ja unless they chose en). */
export async function languageOf(db: Db, userId: string): Promise<"ja" | "en"> {
  const [u] = await db
    .select({ language: users.language })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return u?.language === "en" ? "en" : "ja";
}

/** Remembers the person's UI language. */
export async function setLanguage(db: Db, userId: string, language: "ja" | "en"): Promise<void> {
  await db.update(users).set({ language }).where(eq(users.id, userId));
}

/**
 * Whether an enabled account has this user name. Raw SQL on purpose: it runs inside the
 * caller's transaction (assigning a case), where only a SqlRunner is at hand.
 */
export async function isActiveUser(db: SqlRunner, username: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM users WHERE username = $1 AND disabled_at IS NULL", [
    username,
  ]);
  return rows.length > 0;
}
