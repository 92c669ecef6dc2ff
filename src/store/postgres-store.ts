import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
// @ts-expect-error pg-copy-streams ships no type declarations; its one function is typed below
import { from as copyFromStdin } from "pg-copy-streams";
import { type Db, type SqlRunner, type Store, StoreError, withDb } from "./database.ts";
import * as schema from "./schema.ts";

const MIN_SERVER_VERSION = 130000;

/** A `COPY … FROM STDIN` query that is written to, as pg-copy-streams makes it. */
type CopyIn = pg.Submittable & Writable & { rowCount: number };
const copyIn = copyFromStdin as (text: string) => CopyIn;

/** The URL as it may be shown: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function explain(e: unknown, where: string): StoreError {
  const err = e as NodeJS.ErrnoException & { code?: string };
  switch (err.code) {
    case "ECONNREFUSED":
      return new StoreError(
        `cannot connect to PostgreSQL at ${where} (connection refused): is the server running? Check DATABASE_URL`,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new StoreError(`cannot resolve the PostgreSQL host in ${where}: check DATABASE_URL`);
    case "3D000":
      return new StoreError(`${err.message} at ${where}: create it (createdb) or fix DATABASE_URL`);
    case "28P01":
    case "28000":
      return new StoreError(`PostgreSQL refused the login at ${where}: ${err.message}`);
    default:
      return new StoreError(`cannot use PostgreSQL at ${where}: ${err.message}`);
  }
}

/** Connects to a PostgreSQL server (13 or newer) and checks that it answers. */
export async function openPostgresStore(url: string, opts: { max?: number } = {}): Promise<Store> {
  const where = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 10_000,
    // Short queries whose plans look costly (the queue's search) were compiled by JIT each
    // time, which took longer than running them: measured 2-4x slower with it on.
    options: "-c jit=off",
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  try {
    const [row] = (await pool.query<{ v: string }>("SHOW server_version_num")).rows;
    if (Number(row?.v) < MIN_SERVER_VERSION) {
      throw new StoreError(`PostgreSQL at ${where} is version ${row?.v}; Mogura needs 13 or newer`);
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw e instanceof StoreError ? e : explain(e, where);
  }
  const runner = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
    async copyFrom(text: string, data: Uint8Array) {
      const conn = client instanceof pg.Pool ? await client.connect() : client;
      try {
        const copy = conn.query(copyIn(text));
        copy.end(data);
        await finished(copy);
        return copy.rowCount;
      } finally {
        if (conn !== client) (conn as pg.PoolClient).release();
      }
    },
  });
  return {
    kind: "postgres",
    location: where,
    url,
    db: drizzle(pool, { schema }) as unknown as Db,
    ...runner(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(
          withDb(runner(client), () => drizzle(client, { schema }) as unknown as Db),
        );
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async executeSql(text, values) {
      const res = (await pool.query(text, values)) as pg.QueryResult | pg.QueryResult[];
      return { rows: Array.isArray(res) ? res.flatMap((r) => r.rows) : res.rows };
    },
    async close() {
      await pool.end();
    },
  };
}
