import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { ExternalFigureRow } from './external-figures.table.ts';

export interface ExternalFigureInput {
  key: string;
  year: number;
  value: number;
  source: string;
  note: string | null;
  updatedBy: string;
}

/** Sets the figure for (key, year), replacing what was there. */
export async function putExternalFigure(
  db: Kysely<Database>,
  input: ExternalFigureInput,
  now = Date.now(),
): Promise<void> {
  const row = {
    key: input.key,
    year: input.year,
    value: input.value,
    source: input.source,
    note: input.note,
    updated_by: input.updatedBy,
    updated_at: now,
  };
  await db
    .insertInto('external_figures')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['key', 'year']).doUpdateSet({
        value: row.value,
        source: row.source,
        note: row.note,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function findExternalFigure(
  db: Kysely<Database>,
  key: string,
  year: number,
): Promise<ExternalFigureRow | undefined> {
  return db
    .selectFrom('external_figures')
    .selectAll()
    .where('key', '=', key)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Returns whether a figure was removed. */
export async function removeExternalFigure(
  db: Kysely<Database>,
  key: string,
  year: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('external_figures')
    .where('key', '=', key)
    .where('year', '=', year)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Every figure, newest year first. */
export async function listExternalFigures(db: Kysely<Database>): Promise<ExternalFigureRow[]> {
  return db.selectFrom('external_figures').selectAll().orderBy('year', 'desc').orderBy('key').execute();
}

/** A version of the office-maintained inputs of the overview (figures, dust days): changes when either does. */
export async function adminInputsVersion(db: Kysely<Database>): Promise<string> {
  const [f, d] = await Promise.all([
    db
      .selectFrom('external_figures')
      .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('updated_at').as('at')])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dust_days')
      .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('created_at').as('at')])
      .executeTakeFirstOrThrow(),
  ]);
  return `${f.n}.${f.at ?? 0}.${d.n}.${d.at ?? 0}`;
}
