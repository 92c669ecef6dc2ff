import { randomUUID } from "node:crypto";
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { canonicalJson, sha256Hex } from "../domain/canonical-json.ts";
import { storableJsonText } from "../domain/storable.ts";
import type { Db, Store } from "../store/database.ts";
import { jobRuns } from "../store/schema.ts";

/**
 * The job_runs table: which payload each process is running. A process that dies in the
 * middle of a job leaves its row behind; the next start counts it as a crash of that
 * payload, and a payload that took a process down twice is set aside for good, so a
 * poison input cannot crash-loop the desk.
 */

/** This process among the ones sharing a database; PostgreSQL sees it in application_name. */
export const processInstanceId = randomUUID();

/** The application_name of the job queue's connections, by which other processes see it alive. */
export const jobConnectionName = (instance = processInstanceId) => `mogura-jobs:${instance}`;

/** Crashes of the same payload after which it is set aside. */
export const CRASHES_BEFORE_SET_ASIDE = 2;

export interface CrashedRun {
  subject: string;
  queue: string;
  job_id: string;
  payload: unknown;
  crashes: number;
  /** Set when this crash was the one too many. */
  set_aside_at: Date | null;
}

/** The same work in the same queue: the queue and its payload, whatever the job's id. */
export const subjectOf = (queue: string, payload: unknown) =>
  sha256Hex(`${queue}\n${canonicalJson(payload)}`);

/**
 * Records that this process starts a job. Returns null when the payload was set aside
 * earlier (the caller skips it), else the subject to pass to `endRun`.
 */
export async function beginRun(
  db: { db: Db },
  queue: string,
  jobId: string,
  payload: unknown,
): Promise<string | null> {
  const subject = subjectOf(queue, payload);
  const [row] = await db.db
    .insert(jobRuns)
    .values({
      subject,
      queue,
      jobId,
      // Already JSON text, cleaned of what jsonb refuses: cast, not serialised again.
      payload: sql`${storableJsonText(payload)}::jsonb`,
      process: processInstanceId,
    })
    .onConflictDoUpdate({
      target: jobRuns.subject,
      set: { jobId, process: processInstanceId, startedAt: sql`now()` },
      // A payload set aside stays so: no row comes back, and the caller skips it.
      setWhere: isNull(jobRuns.setAsideAt),
    })
    .returning({ setAsideAt: jobRuns.setAsideAt });
  return row ? subject : null;
}

/** The job ended (done or failed) without taking its process down. */
export async function endRun(db: { db: Db }, subject: string): Promise<void> {
  await db.db.delete(jobRuns).where(and(eq(jobRuns.subject, subject), isNull(jobRuns.setAsideAt)));
}

/**
 * Counts a crash for every run whose process is gone and returns those runs; the ones that
 * reached CRASHES_BEFORE_SET_ASIDE come back marked set aside. On PGlite one process owns the database,
 * so every run of another instance is a dead one; on PostgreSQL a process is alive while
 * its job connections are.
 */
export async function collectCrashedRuns(store: Store): Promise<CrashedRun[]> {
  // Raw SQL: a process's liveness is a correlated NOT EXISTS on pg_stat_activity (a system
  // view outside the typed schema) and the setting aside a CASE on the new count; drizzle
  // would only wrap both in sql``.
  const gone =
    store.kind === "pglite"
      ? "TRUE"
      : `NOT EXISTS (SELECT 1 FROM pg_stat_activity
                      WHERE application_name = 'mogura-jobs:' || job_runs.process)`;
  return store.query<CrashedRun>(
    `UPDATE job_runs SET crashes = crashes + 1, process = '',
            set_aside_at = CASE WHEN crashes + 1 >= $2 THEN now() END
      WHERE process <> '' AND process <> $1 AND set_aside_at IS NULL AND ${gone}
      RETURNING subject, queue, job_id, payload, crashes, set_aside_at`,
    [processInstanceId, CRASHES_BEFORE_SET_ASIDE],
  );
}

/** On a clean stop: runs cut short by the stop itself are no crash of theirs. */
export async function releaseRuns(db: { db: Db }): Promise<void> {
  await db.db
    .delete(jobRuns)
    .where(and(eq(jobRuns.process, processInstanceId), isNull(jobRuns.setAsideAt)));
}

/** Payloads set aside, newest first, for an administrator's list. */
export function setAsideRuns(db: { db: Db }, limit = 100): Promise<CrashedRun[]> {
  return db.db
    .select({
      subject: jobRuns.subject,
      queue: jobRuns.queue,
      job_id: jobRuns.jobId,
      payload: jobRuns.payload,
      crashes: jobRuns.crashes,
      set_aside_at: jobRuns.setAsideAt,
    })
    .from(jobRuns)
    .where(isNotNull(jobRuns.setAsideAt))
    .orderBy(desc(jobRuns.setAsideAt))
    .limit(limit);
}
