import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0010: the district office administrator may sign checkpoints of the hash chains on demand (audit:checkpoint,
 * issue 11). The permission is added to the office-admin role when it lacks it, and nothing else is touched, so an
 * administrator's own edits to the role stand (and this runs the same whichever migrations merged before it).
 * Values are written out here, not imported, so this migration never changes.
 */
const ROLE = 'office-admin';
const PERMISSION = 'audit:checkpoint';

async function change(db: AnyDb, edit: (permissions: string[]) => string[]): Promise<void> {
  await atomic(db, async (trx) => {
    const row = (await trx
      .selectFrom('roles')
      .select('permissions')
      .where('id', '=', ROLE)
      .executeTakeFirst()) as { permissions: string } | undefined;
    if (!row) return;
    const before = JSON.parse(row.permissions) as string[];
    const after = edit(before);
    if (after.length === before.length) return;
    await trx
      .updateTable('roles')
      .set({ permissions: JSON.stringify(after) })
      .where('id', '=', ROLE)
      .execute();
  });
}

export async function up(db: AnyDb): Promise<void> {
  await change(db, (p) => (p.includes(PERMISSION) ? p : [...p, PERMISSION]));
}

export async function down(db: AnyDb): Promise<void> {
  await change(db, (p) => p.filter((x) => x !== PERMISSION));
}
