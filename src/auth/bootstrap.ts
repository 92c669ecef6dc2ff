import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../store/database.ts";
import { createApiKey, hasActiveAdminKey, isKnownApiKey } from "./api-keys.ts";
import { hasActiveAdminUser } from "./users.ts";

export type BootstrapResult =
  | { outcome: "created"; key: string; generated: boolean }
  | { outcome: "admin_exists" }
  /** A key was configured but not applied, because an administrator already exists. */
  | { outcome: "configured_key_ignored" };

/**
 * Makes sure someone can administer the platform. When no active admin exists (the first
 * start, or a database whose only keys were made offline for other roles) it creates the
 * admin key: the configured one, or a random one returned here to be shown once.
 */
export async function bootstrapAdminKey(db: Db, configured?: string): Promise<BootstrapResult> {
  return db.transaction(async (tx) => {
    if ((await hasActiveAdminKey(tx)) || (await hasActiveAdminUser(tx))) {
      const ignored = configured !== undefined && !(await isKnownApiKey(tx, configured));
      return { outcome: ignored ? "configured_key_ignored" : "admin_exists" };
    }
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
    return { outcome: "created", key: made.key, generated: !configured };
  });
}
