import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';
import type { JobRow, JobState } from './jobs.table.ts';

/**
 * Durable jobs and timers in the shared store (issue 14). Every statement here is safe when several nodes share
 * one PostgreSQL: a job is claimed by one worker at a time (FOR UPDATE SKIP LOCKED), and completion is fenced by
 * (id, locked_by, attempts, state = running) so a worker whose lease ran out cannot overwrite the result of the
 * worker that took the job over. On SQLite every claim is one UPDATE statement, which SQLite runs under the
 * database's write lock, and the multi-statement schedule step runs in BEGIN IMMEDIATE.
 */

type Db = Kysely<Database>;

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface NewJob {
  kind: string;
  runAt: number;
  payload?: unknown;
  /** Dedup key: a second job with the same key is not inserted (timers, deadlines, schedule occurrences). */
  key?: string;
  maxAttempts?: number;
  schedule?: string;
}

/** Inserts the job unless one with the same key exists; returns the new id, or undefined when deduplicated. */
export async function insertJob(db: Db, job: NewJob, now: number): Promise<number | undefined> {
  const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!(Number.isSafeInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new RangeError(`maxAttempts ${maxAttempts} must be a whole number ≥ 1`);
  }
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      key: job.key ?? null,
      payload: JSON.stringify(job.payload ?? {}),
      run_at: job.runAt,
      state: 'scheduled',
      attempts: 0,
      max_attempts: maxAttempts,
      lease_until: null,
      locked_by: null,
      last_error: null,
      schedule: job.schedule ?? null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findJobByKey(db: Db, key: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
}

/**
 * Cancels a scheduled or running job; returns whether it changed. A running handler is not interrupted, but its
 * completion is refused by the fence (state must still be running), so the job stays cancelled.
 */
export async function cancelJobRow(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'cancelled', lease_until: null, finished_at: now, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['scheduled', 'running'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * A dead or cancelled job → scheduled at `now`, with `moreAttempts` further tries. Attempts are never reset: the
 * count is the fence of completion, so a worker from before the retry can never complete the new run.
 */
export async function retryJobRow(
  db: Db,
  id: number,
  now: number,
  moreAttempts = DEFAULT_MAX_ATTEMPTS,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'scheduled',
      run_at: now,
      max_attempts: sql<number>`attempts + ${moreAttempts}`,
      lease_until: null,
      locked_by: null,
      finished_at: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('state', 'in', ['dead', 'cancelled'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface JobFilter {
  state?: JobState;
  kind?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** A page of jobs, the most recently due first, with the total matching the filter. */
export async function listJobRows(db: Db, filter: JobFilter): Promise<{ total: number; rows: JobRow[] }> {
  let query = db.selectFrom('jobs');
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  const [count, rows] = await Promise.all([
    query.select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    query
      .selectAll()
      .orderBy('run_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

/** How many jobs are in each state. */
export async function countJobsByState(db: Db): Promise<Record<JobState, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['state', sql<number | string>`count(*)`.as('n')])
    .groupBy('state')
    .execute();
  const counts: Record<JobState, number> = { scheduled: 0, running: 0, succeeded: 0, dead: 0, cancelled: 0 };
  for (const r of rows) counts[r.state] = Number(r.n);
  return counts;
}

export interface Claim {
  now: number;
  lockedBy: string;
  leaseMs: number;
  limit: number;
  /** Only these kinds (the ones this worker has handlers for). */
  kinds: readonly string[];
}

/**
 * Claims up to `limit` due jobs: scheduled ones whose time has come, and running ones whose lease ran out (their
 * worker died) and that still have an attempt left. Each claim counts an attempt. One statement on both engines;
 * on PostgreSQL the inner SELECT skips rows another worker is claiming at this moment instead of waiting for it.
 */
export async function claimDueJobs(db: Db, claim: Claim): Promise<JobRow[]> {
  if (claim.kinds.length === 0 || claim.limit <= 0) return [];
  // Due timers first (served by jobs_claim_idx on state, run_at), then jobs whose worker died.
  const due = await claimWhere(db, claim, claim.limit, 'scheduled');
  if (due.length >= claim.limit) return due;
  return [...due, ...(await claimWhere(db, claim, claim.limit - due.length, 'expired'))];
}

async function claimWhere(db: Db, claim: Claim, limit: number, which: 'scheduled' | 'expired') {
  const { now } = claim;
  let select = db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', [...claim.kinds])
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit);
  select =
    which === 'scheduled'
      ? select.where('state', '=', 'scheduled').where('run_at', '<=', now)
      : select
          .where('state', '=', 'running')
          .where('lease_until', '<', now)
          .where('attempts', '<', (eb) => eb.ref('max_attempts'));
  const pick = engineOf(db) === 'postgres' ? select.forUpdate().skipLocked() : select;
  return (
    db
      .updateTable('jobs')
      .set({
        state: 'running',
        attempts: sql<number>`attempts + 1`,
        lease_until: now + claim.leaseMs,
        locked_by: claim.lockedBy,
        updated_at: now,
      })
      .where('id', 'in', pick)
      // Re-checked on the row itself: under READ COMMITTED a row picked by the subquery may have been claimed by
      // another statement between the pick and the update (PostgreSQL re-evaluates this on the locked row).
      .where('state', '=', which === 'scheduled' ? 'scheduled' : 'running')
      .returningAll()
      .execute()
  );
}

/**
 * Running jobs whose worker died during their last allowed attempt: dead, with that as the error (nobody else
 * would ever claim them). Returns how many.
 */
export async function reapAbandonedJobs(db: Db, now: number): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'dead',
      last_error: 'lease expired on the last attempt (the worker stopped or was killed)',
      lease_until: null,
      finished_at: now,
      updated_at: now,
    })
    .where('state', '=', 'running')
    .where('lease_until', '<', now)
    .where('attempts', '>=', (eb) => eb.ref('max_attempts'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Identifies one claim of one job: only its holder may extend, complete or fail it. */
export interface Fence {
  id: number;
  lockedBy: string;
  attempts: number;
}

/** Moves the lease on while the handler still runs; false when the claim was lost (expired and taken, cancelled). */
export async function extendLease(db: Db, fence: Fence, leaseUntil: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: leaseUntil, updated_at: now })
    .where('id', '=', fence.id)
    .where('locked_by', '=', fence.lockedBy)
    .where('attempts', '=', fence.attempts)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function completeJob(db: Db, fence: Fence, now: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'succeeded', lease_until: null, finished_at: now, updated_at: now, last_error: null })
    .where('id', '=', fence.id)
    .where('locked_by', '=', fence.lockedBy)
    .where('attempts', '=', fence.attempts)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Completes several claims of one worker in one statement (the fence checked per row); returns the ids completed.
 * A worker running many short jobs would otherwise pay one commit per job.
 */
export async function completeJobs(
  db: Db,
  lockedBy: string,
  claims: readonly { id: number; attempts: number }[],
  now: number,
): Promise<Set<number>> {
  if (claims.length === 0) return new Set();
  const pairs = sql.join(claims.map((c) => sql`(${c.id}, ${c.attempts})`));
  const rows = await db
    .updateTable('jobs')
    .set({ state: 'succeeded', lease_until: null, finished_at: now, updated_at: now, last_error: null })
    .where('locked_by', '=', lockedBy)
    .where('state', '=', 'running')
    .where(sql<boolean>`(id, attempts) in (${pairs})`)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * Records a failed attempt: back to scheduled at `retryAt`, or dead (the dead letter) when no attempt is left.
 * Returns the state written, or undefined when the fence refused (the claim was no longer this worker's).
 */
export async function failJob(
  db: Db,
  fence: Fence,
  error: string,
  retryAt: number,
  now: number,
): Promise<'scheduled' | 'dead' | undefined> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: sql<JobState>`case when attempts >= max_attempts then 'dead' else 'scheduled' end`,
      run_at: sql<number>`case when attempts >= max_attempts then run_at else cast(${retryAt} as bigint) end`,
      finished_at: sql<
        number | null
      >`case when attempts >= max_attempts then cast(${now} as bigint) else null end`,
      last_error: error.slice(0, 4000),
      lease_until: null,
      updated_at: now,
    })
    .where('id', '=', fence.id)
    .where('locked_by', '=', fence.lockedBy)
    .where('attempts', '=', fence.attempts)
    .where('state', '=', 'running')
    .returning('state')
    .executeTakeFirst();
  return result?.state as 'scheduled' | 'dead' | undefined;
}

/** The earliest moment something may become due for these kinds (a job, an expired lease, a schedule). */
export async function nextDueAt(db: Db, kinds: readonly string[]): Promise<number | undefined> {
  if (kinds.length === 0) return undefined;
  const row = await db
    .selectFrom('jobs')
    .select([
      sql<number | null>`min(case when state = 'scheduled' then run_at end)`.as('job'),
      sql<number | null>`min(case when state = 'running' then lease_until end)`.as('lease'),
    ])
    .where('kind', 'in', [...kinds])
    .where('state', 'in', ['scheduled', 'running'])
    .executeTakeFirstOrThrow();
  const schedule = await db
    .selectFrom('job_schedules')
    .select(sql<number | null>`min(next_run_at)`.as('at'))
    .where('enabled', '=', 1)
    .executeTakeFirstOrThrow();
  const times = [row.job, row.lease, schedule.at].filter((t): t is number => t !== null).map(Number);
  return times.length === 0 ? undefined : Math.min(...times);
}

// Schedules ----------------------------------------------------------------------------------------------------

/**
 * Job history retention: succeeded and cancelled jobs finished before `before` are deleted (a 15-second schedule
 * alone makes 5,760 rows a day). Dead jobs stay until someone retries or cancels them: they are the dead letter.
 */
export async function pruneFinishedJobs(db: Db, before: number): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('state', 'in', ['succeeded', 'cancelled'])
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
