import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.ts";
import { type Db, type SqlRunner, type Store, StoreError, withDb } from "./database.ts";
import { readTemplate } from "./pglite-template.ts";
import * as schema from "./schema.ts";

interface PgliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

function runner(client: PgliteLike): SqlRunner {
  return {
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query<T>(text, params)).rows;
    },
    async exec(text: string) {
      await client.exec(text);
    },
  };
}

/**
 * Opens the embedded database under `dataDir/pglite`, or an in-memory one when `dataDir`
 * is null (tests). The directory is locked for this process until `close()`. An in-memory
 * database can start from a dump made by `dumpDataDir` (much faster than initialising one).
 */
export async function openPgliteStore(
  dataDir: string | null,
  opts: { loadDataDir?: Blob } = {},
): Promise<Store> {
  let lock: DataDirLock | null = null;
  let pg: PGlite;
  if (dataDir === null) {
    pg = await PGlite.create({ loadDataDir: opts.loadDataDir });
  } else {
    const abs = resolve(dataDir);
    lock = acquireDataDirLock(abs);
    try {
      mkdirSync(join(abs, "pglite"), { recursive: true });
      // A fresh directory starts from the installed template instead of running initdb.
      const fresh = !existsSync(join(abs, "pglite", "PG_VERSION"));
      const template = fresh ? readTemplate() : null;
      pg = await PGlite.create(join(abs, "pglite"), template ? { loadDataDir: template } : {});
    } catch (e) {
      lock.release();
      throw new StoreError(
        `cannot open the embedded database in ${abs}/pglite: ${(e as Error).message}`,
      );
    }
  }
  const base = runner(pg);
  return {
    kind: "pglite",
    location: dataDir === null ? "memory" : resolve(dataDir),
    db: drizzle(pg, { schema }) as unknown as Db,
    ...base,
    transaction: (fn) =>
      pg.transaction((tx) =>
        // drizzle's PGlite session only calls `query` on its client, which a transaction has.
        fn(withDb(runner(tx), () => drizzle(tx as unknown as PGlite, { schema }) as unknown as Db)),
      ),
    async executeSql(text, values) {
      if (values && values.length > 0) return { rows: (await pg.query(text, values)).rows };
      const results = await pg.exec(text);
      return { rows: results.flatMap((r) => r.rows) };
    },
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
