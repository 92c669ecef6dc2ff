import type { Store } from "./database.ts";
import { openPgliteStore } from "./pglite-store.ts";
import { openPostgresStore } from "./postgres-store.ts";

/** Opens PostgreSQL when a URL is given, else the embedded database in `dataDir`. */
export function openStore(opts: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  return opts.databaseUrl ? openPostgresStore(opts.databaseUrl) : openPgliteStore(opts.dataDir);
}
