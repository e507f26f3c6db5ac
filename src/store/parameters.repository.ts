import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { ParameterRow } from './parameters.table.ts';

export async function listParameters(db: Kysely<Database>): Promise<ParameterRow[]> {
  return db.selectFrom('parameters').selectAll().orderBy('code').execute();
}

/** Add or update a parameter (e.g. water or emission factors added later). */
export async function upsertParameter(db: Kysely<Database>, row: ParameterRow): Promise<void> {
  await db
    .insertInto('parameters')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet((eb) => ({ name_zh: eb.ref('excluded.name_zh'), unit: eb.ref('excluded.unit') })),
    )
    .execute();
}
