import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';
import type { JobScheduleRow } from './jobs.table.ts';

/**
 * The periodic schedules of the durable jobs (issue 14): each due schedule becomes one job (jobs.repository.ts)
 * and moves on, under a row lock (PostgreSQL: SKIP LOCKED) so that one node at a time advances it.
 */

type Db = Kysely<Database>;

export interface ScheduleDefinition {
  name: string;
  kind: string;
  cron: string | null;
  everyMs: number | null;
  timezone: string;
  payload: string;
}

/**
 * Inserts or updates a schedule; an unchanged definition keeps its next_run_at (a restart neither skips nor
 * repeats an occurrence). `firstRunAt` is used for a new or changed definition. Returns the stored row.
 */
export async function upsertSchedule(
  db: Db,
  def: ScheduleDefinition,
  firstRunAt: number,
  now: number,
): Promise<JobScheduleRow> {
  const values = {
    name: def.name,
    kind: def.kind,
    cron: def.cron,
    every_ms: def.everyMs,
    timezone: def.timezone,
    payload: def.payload,
    next_run_at: firstRunAt,
    enabled: 1,
    updated_at: now,
  };
  await db
    .insertInto('job_schedules')
    .values(values)
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('job_schedules')
    .selectAll()
    .where('name', '=', def.name)
    .executeTakeFirstOrThrow();
  const same =
    row.kind === def.kind &&
    row.cron === def.cron &&
    (row.every_ms === null ? null : Number(row.every_ms)) === def.everyMs &&
    row.timezone === def.timezone &&
    row.payload === def.payload &&
    row.enabled === 1;
  if (same) return row;
  await db.updateTable('job_schedules').set(values).where('name', '=', def.name).execute();
  return { ...row, ...values };
}

export async function listSchedules(db: Db): Promise<JobScheduleRow[]> {
  return db.selectFrom('job_schedules').selectAll().orderBy('name').execute();
}

/** Due, enabled schedules, locked for this transaction (PostgreSQL: skipping ones another node holds). */
export async function lockDueSchedules(trx: Db, now: number, limit: number): Promise<JobScheduleRow[]> {
  const select = trx
    .selectFrom('job_schedules')
    .selectAll()
    .where('enabled', '=', 1)
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(limit);
  return engineOf(trx) === 'postgres' ? select.forUpdate().skipLocked().execute() : select.execute();
}

/** Moves a schedule on, only if nobody moved it since it was read (a conditional update, for safety). */
export async function advanceSchedule(
  trx: Db,
  name: string,
  from: number,
  to: number,
  now: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('job_schedules')
    .set({ next_run_at: to, updated_at: now })
    .where('name', '=', name)
    .where('next_run_at', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
