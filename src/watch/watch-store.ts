import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { isoOrNull } from "../domain/time.ts";
import type { Db, SqlRunner } from "../store/database.ts";
import { contentFingerprints, watchedResources } from "../store/schema.ts";

export const WatchState = z.enum(["unknown", "up", "down_unconfirmed", "down"]);
export type WatchState = z.output<typeof WatchState>;

export const Watch = z.object({
  id: z.number().int(),
  case_id: z.number().int(),
  url: z.string(),
  host: z.string(),
  state: WatchState.describe("down: two checks in a row found it down"),
  checks: z.number().int(),
  interval_seconds: z.number().int(),
  next_check_at: z.string(),
  first_up_at: z.string().nullable(),
  last_up_at: z.string().nullable(),
  first_down_at: z.string().nullable(),
  down_confirmed_at: z.string().nullable(),
  last_checked_at: z.string().nullable(),
  last_status: z.number().int().nullable(),
  last_outcome: z.string().nullable(),
  last_reason: z.string().nullable(),
  last_addresses: z.array(z.string()),
  baseline_sha256: z.string().nullable(),
  stopped_at: z.string().nullable(),
});
export type Watch = z.output<typeof Watch>;

type Row = typeof watchedResources.$inferSelect;

export function presentWatch(r: Row): Watch {
  return {
    id: r.id,
    case_id: r.caseId,
    url: r.url,
    host: r.host,
    state: WatchState.parse(r.state),
    checks: r.checks,
    interval_seconds: r.intervalSeconds,
    next_check_at: r.nextCheckAt.toISOString(),
    first_up_at: isoOrNull(r.firstUpAt),
    last_up_at: isoOrNull(r.lastUpAt),
    first_down_at: isoOrNull(r.firstDownAt),
    down_confirmed_at: isoOrNull(r.downConfirmedAt),
    last_checked_at: isoOrNull(r.lastCheckedAt),
    last_status: r.lastStatus,
    last_outcome: r.lastOutcome,
    last_reason: r.lastReason,
    last_addresses: r.lastAddresses,
    baseline_sha256: r.baselineSha256,
    stopped_at: isoOrNull(r.stoppedAt),
  };
}

/** Starts watching URLs of cases (a URL already watched for its case is left as it is). */
export async function addWatches(
  db: Db,
  items: { caseId: number; url: string; host: string }[],
  intervalSeconds: number,
): Promise<number> {
  if (items.length === 0) return 0;
  const rows = await db
    .insert(watchedResources)
    .values(items.map((i) => ({ ...i, intervalSeconds })))
    .onConflictDoNothing({ target: [watchedResources.caseId, watchedResources.url] })
    .returning({ id: watchedResources.id });
  return rows.length;
}

/**
 * Takes up to `limit` watches that are due, leased for `leaseSeconds` so that another worker
 * does not check them at the same time; a worker that dies leaves them to the next after the
 * lease.
 */
export async function takeDue(db: SqlRunner, limit: number, leaseSeconds: number): Promise<Row[]> {
  // Raw SQL: a lease needs FOR UPDATE SKIP LOCKED in the same statement as the update, so
  // two workers never take the same watch; drizzle has no UPDATE … FROM (SELECT … SKIP LOCKED).
  const rows = await db.query<Record<string, unknown>>(
    `UPDATE watched_resources w SET lease_until = now() + make_interval(secs => $2)
       FROM (SELECT id FROM watched_resources
              WHERE stopped_at IS NULL AND next_check_at <= now()
                AND (lease_until IS NULL OR lease_until < now())
              ORDER BY next_check_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
      WHERE w.id = due.id
      RETURNING w.*`,
    [limit, leaseSeconds],
  );
  return rows.map(fromSql);
}

const date = (v: unknown) => (v == null ? null : new Date(v as string | Date));

/** A row read by raw SQL, in drizzle's shape. */
function fromSql(r: Record<string, unknown>): Row {
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    url: r.url as string,
    host: r.host as string,
    state: r.state as string,
    checks: Number(r.checks),
    consecutiveDown: Number(r.consecutive_down),
    intervalSeconds: Number(r.interval_seconds),
    nextCheckAt: date(r.next_check_at) as Date,
    leaseUntil: date(r.lease_until),
    firstUpAt: date(r.first_up_at),
    lastUpAt: date(r.last_up_at),
    firstDownAt: date(r.first_down_at),
    downConfirmedAt: date(r.down_confirmed_at),
    lastCheckedAt: date(r.last_checked_at),
    lastStatus: r.last_status == null ? null : Number(r.last_status),
    lastOutcome: (r.last_outcome as string | null) ?? null,
    lastReason: (r.last_reason as string | null) ?? null,
    lastAddresses: (r.last_addresses as string[] | null) ?? [],
    baselineSha256: (r.baseline_sha256 as string | null) ?? null,
    baselineSimhash: (r.baseline_simhash as string | null) ?? null,
    lastSha256: (r.last_sha256 as string | null) ?? null,
    stoppedAt: date(r.stopped_at),
    createdAt: date(r.created_at) as Date,
  };
}

export type WatchRow = Row;

/** Writes what a check found and when the next one is; the lease ends. */
export async function saveCheck(db: Db, id: number, set: Partial<Row>): Promise<void> {
  await db
    .update(watchedResources)
    .set({ ...set, leaseUntil: null })
    .where(eq(watchedResources.id, id));
}

/** The watches of a case. */
export async function watchesOfCase(db: Db, caseId: number): Promise<Watch[]> {
  const rows = await db
    .select()
    .from(watchedResources)
    .where(eq(watchedResources.caseId, caseId))
    .orderBy(asc(watchedResources.id));
  return rows.map(presentWatch);
}

/** Watches by state, most recently checked first. */
export async function listWatches(
  db: Db,
  opts: { states?: WatchState[]; limit?: number } = {},
): Promise<Watch[]> {
  const rows = await db
    .select()
    .from(watchedResources)
    .where(
      and(
        isNull(watchedResources.stoppedAt),
        opts.states && opts.states.length > 0
          ? inArray(watchedResources.state, opts.states)
          : undefined,
      ),
    )
    .orderBy(desc(watchedResources.lastCheckedAt))
    .limit(opts.limit ?? 200);
  return rows.map(presentWatch);
}

export interface Fingerprint {
  caseId: number;
  url: string;
  host: string;
  path: string;
  sha256: string;
  simhash: string;
  addresses: string[];
}

/** Remembers a page seen up (once per case, URL and content). */
export async function addFingerprint(db: Db, f: Fingerprint): Promise<void> {
  await db
    .insert(contentFingerprints)
    .values(f)
    .onConflictDoNothing({
      target: [contentFingerprints.caseId, contentFingerprints.url, contentFingerprints.sha256],
    });
}

/** The pages seen up on other cases, for comparing a new page against. */
export async function fingerprintsNotOf(db: Db, caseId: number): Promise<Fingerprint[]> {
  return db
    .select({
      caseId: contentFingerprints.caseId,
      url: contentFingerprints.url,
      host: contentFingerprints.host,
      path: contentFingerprints.path,
      sha256: contentFingerprints.sha256,
      simhash: contentFingerprints.simhash,
      addresses: contentFingerprints.addresses,
    })
    .from(contentFingerprints)
    .where(ne(contentFingerprints.caseId, caseId))
    .orderBy(asc(contentFingerprints.id));
}

/** Stops watching the URLs of a case (it was closed). */
export async function stopWatchesOfCase(db: Db, caseId: number): Promise<number> {
  const rows = await db
    .update(watchedResources)
    .set({ stoppedAt: sql`now()` })
    .where(and(eq(watchedResources.caseId, caseId), isNull(watchedResources.stoppedAt)))
    .returning({ id: watchedResources.id });
  return rows.length;
}
