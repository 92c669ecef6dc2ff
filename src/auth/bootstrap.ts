import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../store/database.ts";
import { createApiKey, hasAnyApiKey } from "./api-keys.ts";

/**
 * On the very first start (no API key has ever existed) makes the admin key: the configured
 * one, or a random one that is returned here to be shown once. Later starts return null.
 */
export async function bootstrapAdminKey(
  db: Db,
  configured?: string,
): Promise<{ key: string; generated: boolean } | null> {
  return db.transaction(async (tx) => {
    if (await hasAnyApiKey(tx)) return null;
    const made = await createApiKey(tx, {
      name: "bootstrap-admin",
      role: "admin",
      createdBy: "system",
      secret: configured,
    });
    await appendAudit(tx, {
      actor: "system",
      action: "apikey.bootstrapped",
      target: `apikey:${made.info.id}`,
      details: { source: configured ? "MOGURA_BOOTSTRAP_ADMIN_KEY" : "generated" },
    });
    return { key: made.key, generated: !configured };
  });
}
