import { atomic } from './atomic.ts';
import { type AnyDb, createAutoIdTable } from './schema-helpers.ts';

/**
 * 0012: what the district office maintains from the web (issue 12).
 * - dust_days gains `kind` (sand_dust 沙尘天气 | exceptional 异常日/例外事件) and `notice_ref` (the notice's 文号).
 * - external_figures: figures the platform cannot compute, entered with their source (e.g. the R-T4 threshold:
 *   the composite index of the city at the rank threshold among the 168 key cities, and the city's own rank).
 * - figures:write for the office administrator (added when lacking, so an administrator's own edits stand).
 * Values are written out here, not imported, so this migration never changes.
 */
const ROLE = 'office-admin';
const PERMISSION = 'figures:write';

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
    await trx.schema
      .alterTable('dust_days')
      .addColumn('kind', 'text', (col) => col.notNull().defaultTo('sand_dust'))
      .execute();
    await trx.schema.alterTable('dust_days').addColumn('notice_ref', 'text').execute();
    await createAutoIdTable(trx, 'external_figures')
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('year', 'integer', (col) => col.notNull())
      .addColumn('value', 'double precision', (col) => col.notNull())
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('note', 'text')
      .addColumn('updated_by', 'text', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addUniqueConstraint('external_figures_key_year', ['key', 'year'])
      .execute();
    await editPermissions(trx, (p) => (p.includes(PERMISSION) ? p : [...p, PERMISSION]));
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await editPermissions(trx, (p) => p.filter((x) => x !== PERMISSION));
    await trx.schema.dropTable('external_figures').execute();
    await trx.schema.alterTable('dust_days').dropColumn('notice_ref').execute();
    await trx.schema.alterTable('dust_days').dropColumn('kind').execute();
  });
}
