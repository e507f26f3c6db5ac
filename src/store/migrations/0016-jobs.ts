import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import { type AnyDb, createAutoIdTable } from './schema-helpers.ts';

/**
 * 0016: durable jobs and timers (issue 14), one portable design on both engines (see src/platform/jobs).
 * - jobs: one row per one-shot run (a timer, a deadline, one occurrence of a schedule). `key` is unique when set,
 *   so the same timer or the same schedule occurrence is never inserted twice, by any node. Claimed with a lease
 *   (lease_until, locked_by); attempts fences a late completion from a worker whose lease ran out.
 * - job_schedules: periodic definitions (cron in a time zone, or a fixed interval) and their next occurrence.
 * - jobs:admin for the office administrator (added when lacking, so an administrator's own edits stand).
 * Values are written out here, not imported, so this migration never changes.
 */
const ROLE = 'office-admin';
const PERMISSION = 'jobs:admin';

async function editPermissions(db: AnyDb, edit: (p: string[]) => string[]): Promise<void> {
  const row = (await db
    .selectFrom('roles')
    .select('permissions')
    .where('id', '=', ROLE)
    .executeTakeFirst()) as { permissions: string } | undefined;
  if (!row) return;
  const before = JSON.parse(row.permissions) as string[];
  const after = edit(before);
  if (after.length === before.length) return;
  await db
    .updateTable('roles')
    .set({ permissions: JSON.stringify(after) })
    .where('id', '=', ROLE)
    .execute();
}

export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await createAutoIdTable(trx, 'jobs', 'bigint')
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('key', 'text', (col) => col.unique())
      .addColumn('payload', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('run_at', 'bigint', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (col) => col.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('locked_by', 'text')
      .addColumn('last_error', 'text')
      .addColumn('schedule', 'text')
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    // Claiming reads due rows by state and time; listing by state (and kind) newest first.
    await trx.schema.createIndex('jobs_claim_idx').on('jobs').columns(['state', 'run_at']).execute();
    await trx.schema.createIndex('jobs_kind_idx').on('jobs').columns(['kind', 'state']).execute();
    await trx.schema
      .createTable('job_schedules')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('cron', 'text')
      .addColumn('every_ms', 'bigint')
      .addColumn('timezone', 'text', (col) => col.notNull().defaultTo(sql`'Asia/Shanghai'`))
      .addColumn('payload', 'text', (col) => col.notNull().defaultTo('{}'))
      .addColumn('next_run_at', 'bigint', (col) => col.notNull())
      .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(1))
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();
    await editPermissions(trx, (p) => (p.includes(PERMISSION) ? p : [...p, PERMISSION]));
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await editPermissions(trx, (p) => p.filter((x) => x !== PERMISSION));
    await trx.schema.dropTable('job_schedules').execute();
    await trx.schema.dropTable('jobs').execute();
  });
}
