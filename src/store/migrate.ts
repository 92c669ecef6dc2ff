import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../domain/canonical-json.ts";
import { type Store, StoreError } from "./database.ts";

// Raw SQL: this file builds the schema the typed layer describes, so it cannot rely on it;
// schema_migrations is the migrator's own bookkeeping, outside schema.ts, and the advisory
// lock has no drizzle form.

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");
// Any constant shared by every Mogura process; serialises concurrent migrators on one server.
const MIGRATION_LOCK = 7_140_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations shipped with this build, in order. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), "utf8");
      return {
        version: Number.parseInt(name.slice(0, 4), 10),
        name,
        sql,
        checksum: sha256Hex(sql),
      };
    });
}

interface Applied {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the schema up to date, one transaction per migration. Refuses a database that a
 * newer Mogura has migrated, or whose applied migrations differ from the shipped files.
 */
export async function migrate(
  store: Store,
  migrations = listMigrations(),
): Promise<{ applied: string[] }> {
  // Under the lock: concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL.
  await store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    checkHistory(
      await tx.query<Applied>("SELECT version, name, checksum FROM schema_migrations"),
      migrations,
      store.location,
    );
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const did = await store.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      const done = await tx.query("SELECT 1 FROM schema_migrations WHERE version = $1", [
        m.version,
      ]);
      if (done.length > 0) return false; // another process applied it while we waited
      await tx.exec(m.sql);
      await tx.query(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
        [m.version, m.name, m.checksum],
      );
      return true;
    });
    if (did) applied.push(m.name);
  }
  return { applied };
}

function checkHistory(rows: Applied[], known: Migration[], where: string) {
  const byVersion = new Map(known.map((m) => [m.version, m]));
  for (const r of rows) {
    const m = byVersion.get(Number(r.version));
    if (!m) {
      throw new StoreError(
        `the database at ${where} has schema version ${r.version} (${r.name}), newer than this Mogura knows: upgrade Mogura, or point it at another database`,
      );
    }
    if (m.checksum !== r.checksum) {
      throw new StoreError(
        `migration ${m.name} differs from the one applied to the database at ${where}: restore the original file`,
      );
    }
  }
}

/** Applied and pending migrations, for `mogura doctor` and `mogura migrate --status`. */
export async function migrationStatus(
  store: Store,
): Promise<{ applied: number; pending: string[] }> {
  const rows = await store
    .query<Applied>("SELECT version, name, checksum FROM schema_migrations")
    .catch(() => [] as Applied[]);
  const done = new Set(rows.map((r) => Number(r.version)));
  return {
    applied: done.size,
    pending: listMigrations()
      .filter((m) => !done.has(m.version))
      .map((m) => m.name),
  };
}
