import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema.ts";

/** The typed query layer; the same API on PGlite and on a PostgreSQL server. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Raw SQL access, for migrations, locks and the job queue. */
export interface SqlRunner {
  /** One statement with `$1…` parameters; returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migration files). */
  exec(text: string): Promise<void>;
  /**
   * `COPY … FROM STDIN` fed with `data` (rows in the statement's format); returns the number
   * of rows copied. Only on a PostgreSQL server: PGlite has no COPY stream.
   */
  copyFrom?(text: string, data: Uint8Array): Promise<number>;
}

/**
 * A transaction: raw SQL and the typed query layer on the same connection, so a store can
 * use drizzle inside its caller's transaction.
 */
export interface Tx extends SqlRunner {
  readonly db: Db;
}

/** An open database: the embedded PGlite or a PostgreSQL server. */
export interface Store extends SqlRunner {
  readonly kind: "pglite" | "postgres";
  /** Where the data is, for messages (a directory or a URL without password). */
  readonly location: string;
  /** The connection string, for clients that open their own pool (the job queue). */
  readonly url?: string;
  readonly db: Db;
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** pg-boss's adapter: returns the rows of every statement in `text`. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

/** Raised when the database cannot be opened or used; the message says how to fix it. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}

/** A transaction's runner with its typed query layer, made when first asked for. */
export function withDb(runner: SqlRunner, make: () => Db): Tx {
  let db: Db | undefined;
  return {
    ...runner,
    get db() {
      db ??= make();
      return db;
    },
  };
}
