import { randomUUID } from "node:crypto";
import { canonicalJson, sha256Hex } from "../domain/canonical-json.ts";
import { storableJsonText } from "../domain/storable.ts";
import type { SqlRunner, Store } from "../store/database.ts";

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
  db: SqlRunner,
  queue: string,
  jobId: string,
  payload: unknown,
): Promise<string | null> {
  const subject = subjectOf(queue, payload);
  const [row] = await db.query<{ set_aside_at: Date | null }>(
    `INSERT INTO job_runs (subject, queue, job_id, payload, process)
     VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (subject) DO UPDATE
       SET job_id = EXCLUDED.job_id, process = EXCLUDED.process, started_at = now()
       WHERE job_runs.set_aside_at IS NULL
     RETURNING set_aside_at`,
    [subject, queue, jobId, storableJsonText(payload), processInstanceId],
  );
  return row ? subject : null;
}

/** The job ended (done or failed) without taking its process down. */
export async function endRun(db: SqlRunner, subject: string): Promise<void> {
  await db.query("DELETE FROM job_runs WHERE subject = $1 AND set_aside_at IS NULL", [subject]);
}

/**
 * Counts a crash for every run whose process is gone and returns those runs; the ones that
 * reached CRASHES_BEFORE_SET_ASIDE come back marked set aside. On PGlite one process owns the database,
 * so every run of another instance is a dead one; on PostgreSQL a process is alive while
 * its job connections are.
 */
export async function collectCrashedRuns(store: Store): Promise<CrashedRun[]> {
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
export async function releaseRuns(db: SqlRunner): Promise<void> {
  await db.query("DELETE FROM job_runs WHERE process = $1 AND set_aside_at IS NULL", [
    processInstanceId,
  ]);
}

/** Payloads set aside, newest first, for an administrator's list. */
export function setAsideRuns(db: SqlRunner, limit = 100) {
  return db.query<CrashedRun>(
    `SELECT subject, queue, job_id, payload, crashes, set_aside_at FROM job_runs
      WHERE set_aside_at IS NOT NULL ORDER BY set_aside_at DESC LIMIT $1`,
    [limit],
  );
}
