import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Store } from "../../src/store/database.ts";
import { migrate } from "../../src/store/migrate.ts";
import { openPgliteStore } from "../../src/store/pglite-store.ts";
import { openPostgresStore } from "../../src/store/postgres-store.ts";

/** The PostgreSQL server the suite runs against, or undefined for the embedded database. */
export const TEST_PG_URL = process.env.MOGURA_TEST_DATABASE_URL || undefined;
export const backend = TEST_PG_URL ? "postgres" : "pglite";

/** Creates an empty database on the test server; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_PG_URL) throw new Error("MOGURA_TEST_DATABASE_URL is not set");
  const name = `mogura_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A fresh, migrated store on the suite's backend: in-memory PGlite by default, a new
 * database on the PostgreSQL server when MOGURA_TEST_DATABASE_URL is set. `close` removes it.
 */
export async function testStore(opts: { migrated?: boolean } = {}): Promise<Store> {
  let store: Store;
  if (TEST_PG_URL) {
    const { url, drop } = await createTestDatabase();
    const inner = await openPostgresStore(url, { max: 5 });
    store = {
      ...inner,
      close: async () => {
        await inner.close();
        await drop();
      },
    };
  } else if (opts.migrated !== false) {
    store = await openPgliteStore(null, { loadDataDir: await migratedTemplate() });
  } else {
    store = await openPgliteStore(null);
  }
  if (opts.migrated !== false) await migrate(store);
  return store;
}

let template: Promise<Blob> | null = null;

/** A migrated embedded database, dumped once per test process: copies start in a fraction of initdb's time. */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const store = await openPgliteStore(null);
    await migrate(store);
    const pg = (store.db as unknown as { $client: { dumpDataDir(c: "none"): Promise<Blob> } })
      .$client;
    const dump = await pg.dumpDataDir("none");
    await store.close();
    return dump;
  })();
  return template;
}
