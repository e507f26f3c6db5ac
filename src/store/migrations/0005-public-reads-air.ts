import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0005: the public role reads published air quality and the air stations (air:read, sites:read scoped to what is
 * published), as every caller now holds it. Only a public role still as 0003 seeded it is changed: an
 * administrator's own edit stands. Values are written out here, not imported, so this migration never changes.
 */
const BEFORE = JSON.stringify(['published:read']);
const AFTER = JSON.stringify(['air:read', 'sites:read', 'published:read']);

export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx
      .updateTable('roles')
      .set({ permissions: AFTER })
      .where('id', '=', 'public')
      .where('permissions', '=', BEFORE)
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx
      .updateTable('roles')
      .set({ permissions: BEFORE })
      .where('id', '=', 'public')
      .where('permissions', '=', AFTER)
      .execute();
  });
}
