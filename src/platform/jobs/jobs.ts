import type { Kysely } from 'kysely';
import { checkRecurrence, DEFAULT_TIME_ZONE, nextOccurrence, type Recurrence } from '#rules/jobs/next-run.ts';
import type { Database } from '#store/database.ts';
import { listSchedules, upsertSchedule } from '#store/job-schedules.repository.ts';
import {
  cancelJobRow,
  countJobsByState,
  insertJob,
  listJobRows,
  retryJobRow,
} from '#store/jobs.repository.ts';
import type { JobRow, JobScheduleRow, JobState } from '#store/jobs.table.ts';

/**
 * Durable jobs and timers (issue 14): the API the rest of the platform uses.
 *
 * Why our own and not pg-boss or graphile-worker: both are PostgreSQL-only (they rely on PostgreSQL functions,
 * LISTEN/NOTIFY and SKIP LOCKED), and the platform must pass the same tests on SQLite, its one-node mode. So there
 * is one implementation on the Kysely store: on PostgreSQL claims use `FOR UPDATE SKIP LOCKED`, so many workers
 * on many nodes claim disjoint jobs without waiting on each other; on SQLite a claim is one UPDATE and the schedule
 * step runs in BEGIN IMMEDIATE, which serialise on the database's write lock. Everything that matters is a row:
 * a node that dies loses nothing but its lease, and a timer that fell due while every node was down fires once
 * when the first one comes back.
 */

type Db = Kysely<Database>;

export interface ScheduleJobInput {
  kind: string;
  runAt: number;
  payload?: unknown;
  /** Same key → no second job (a deadline set twice, a start-up job on a restart). */
  key?: string;
  maxAttempts?: number;
}

/** A one-shot timer or deadline. Returns the new job's id, or undefined when a job with this key exists. */
export async function scheduleJob(
  db: Db,
  input: ScheduleJobInput,
  now = Date.now(),
): Promise<number | undefined> {
  return insertJob(db, input, now);
}

export interface ScheduleInput {
  name: string;
  kind: string;
  /** A cron expression read in `timezone` (default Asia/Shanghai)… */
  cron?: string;
  /** …or a fixed interval. */
  everyMs?: number;
  timezone?: string;
  payload?: unknown;
}

function recurrenceOf(input: {
  cron?: string | null;
  everyMs?: number | null;
  timezone?: string;
}): Recurrence {
  const hasCron = typeof input.cron === 'string';
  const hasEvery = typeof input.everyMs === 'number';
  if (hasCron === hasEvery) throw new Error('a schedule needs exactly one of cron and everyMs');
  return hasCron
    ? { cron: input.cron as string, timezone: input.timezone ?? DEFAULT_TIME_ZONE }
    : { everyMs: input.everyMs as number };
}

/** The recurrence a stored schedule row describes. */
export function recurrenceOfRow(row: JobScheduleRow): Recurrence {
  return recurrenceOf({
    cron: row.cron,
    everyMs: row.every_ms === null ? null : Number(row.every_ms),
    timezone: row.timezone,
  });
}

/**
 * Defines (or redefines) a periodic schedule. An unchanged definition keeps its next run, so every node may call
 * this at start; a changed one starts again from its first occurrence after `now`.
 */
export async function defineSchedule(
  db: Db,
  input: ScheduleInput,
  now = Date.now(),
): Promise<JobScheduleRow> {
  const recurrence = recurrenceOf(input);
  checkRecurrence(recurrence);
  return upsertSchedule(
    db,
    {
      name: input.name,
      kind: input.kind,
      cron: input.cron ?? null,
      everyMs: input.everyMs ?? null,
      timezone: input.timezone ?? DEFAULT_TIME_ZONE,
      payload: JSON.stringify(input.payload ?? {}),
    },
    nextOccurrence(recurrence, now),
    now,
  );
}

/** Cancels a scheduled or running job; false when it is in neither state (or does not exist). */
export function cancelJob(db: Db, id: number, now = Date.now()): Promise<boolean> {
  return cancelJobRow(db, id, now);
}

/** A dead or cancelled job runs again now (with a fresh set of attempts); false when it is in neither state. */
export function retryJob(db: Db, id: number, now = Date.now()): Promise<boolean> {
  return retryJobRow(db, id, now);
}

export interface ListJobsInput {
  state?: JobState;
  kind?: string;
  page?: number;
  pageSize?: number;
}

export interface JobsPage {
  total: number;
  page: number;
  pageSize: number;
  jobs: JobRow[];
  counts: Record<JobState, number>;
  schedules: JobScheduleRow[];
}

/** A page of jobs (most recently due first), the count per state, and every schedule with its next run. */
export async function listJobs(db: Db, input: ListJobsInput = {}): Promise<JobsPage> {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pageSize = Math.min(500, Math.max(1, Math.floor(input.pageSize ?? 50)));
  const [{ total, rows }, counts, schedules] = await Promise.all([
    listJobRows(db, {
      page,
      pageSize,
      ...(input.state ? { state: input.state } : {}),
      ...(input.kind ? { kind: input.kind } : {}),
    }),
    countJobsByState(db),
    listSchedules(db),
  ]);
  return { total, page, pageSize, jobs: rows, counts, schedules };
}
