import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { sha256Hex } from "../domain/canonical-json.ts";
import { Role } from "../domain/roles.ts";
import type { Db } from "../store/database.ts";
import { apiKeys } from "../store/schema.ts";
import type { Principal } from "./principal.ts";
import { randomToken } from "./secrets.ts";

const KEY_PREFIX = "mgk_";
// Writing last_used_at on every request would turn reads into writes; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export const ApiKeyInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  role: Role,
  prefix: z.string().describe("the first characters of the key, to recognise it"),
  created_at: z.string(),
  created_by: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

const info = (r: typeof apiKeys.$inferSelect): ApiKeyInfo => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  prefix: r.keyPrefix,
  created_at: r.createdAt.toISOString(),
  created_by: r.createdBy,
  last_used_at: r.lastUsedAt?.toISOString() ?? null,
  revoked_at: r.revokedAt?.toISOString() ?? null,
});

/**
 * Creates a key with 256 random bits (or the given secret, for automation) and stores only
 * its SHA-256: the key is returned here once and can never be read back.
 */
export async function createApiKey(
  db: Db,
  opts: { name: string; role: Role; createdBy: string; secret?: string },
): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = opts.secret ?? `${KEY_PREFIX}${randomToken(32)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      name: opts.name,
      role: opts.role,
      keyPrefix: key.slice(0, 10),
      keyHash: sha256Hex(key),
      createdBy: opts.createdBy,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { key, info: info(row) };
}

/** All keys, newest first, revoked ones included. */
export async function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  return (await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(info);
}

/** Revokes a key; returns it, or null when no such key exists. */
export async function revokeApiKey(db: Db, id: string): Promise<ApiKeyInfo | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) return info(row);
  const [existing] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return existing ? info(existing) : null;
}

/** The principal behind a presented key, or null if it is unknown or revoked. */
export async function authenticateApiKey(db: Db, key: string): Promise<Principal | null> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256Hex(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(
            isNull(apiKeys.lastUsedAt),
            lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)),
          ),
        ),
      );
  }
  return { kind: "apikey", id: row.id, name: row.name, role: row.role as Role };
}

/** True when an unrevoked admin key exists. */
export async function hasActiveAdminKey(db: Db): Promise<boolean> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.role, "admin"), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows.length > 0;
}

/** True when this exact key is stored (revoked or not). */
export async function isKnownApiKey(db: Db, key: string): Promise<boolean> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, sha256Hex(key)));
  return rows.length > 0;
}
