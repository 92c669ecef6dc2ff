import type { SqlRunner } from "./database.ts";

/** Throws when the database does not answer a trivial query (for /readyz). */
export async function databaseAnswers(db: SqlRunner): Promise<void> {
  await db.query("SELECT 1");
}
