import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { NewOrganisation, OrganisationKind, OrganisationRow } from './organisations.table.ts';

/** Insert or update by id. */
export async function upsertOrganisations(
  db: Kysely<Database>,
  rows: readonly NewOrganisation[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('organisations')
    .values(rows.map((r) => ({ ...r })))
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        code: eb.ref('excluded.code'),
        name: eb.ref('excluded.name'),
        name_en: eb.ref('excluded.name_en'),
        parent_id: eb.ref('excluded.parent_id'),
      })),
    )
    .execute();
}

export interface OrganisationFilter {
  kind?: OrganisationKind | readonly OrganisationKind[];
  parentId?: string;
}

/** Ordered by kind (district, street, township, department as stored text) then id. */
export async function listOrganisations(
  db: Kysely<Database>,
  filter: OrganisationFilter = {},
): Promise<OrganisationRow[]> {
  let query = db.selectFrom('organisations').selectAll();
  if (filter.kind !== undefined) {
    const kinds = typeof filter.kind === 'string' ? [filter.kind] : [...filter.kind];
    query = query.where('kind', 'in', kinds);
  }
  if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
  return query.orderBy('kind').orderBy('id').execute();
}

export async function findOrganisationByCode(
  db: Kysely<Database>,
  code: string,
): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findOrganisationById(
  db: Kysely<Database>,
  id: string,
): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The ten townships and streets (乡镇/街道), by code. */
export async function listTownships(db: Kysely<Database>): Promise<OrganisationRow[]> {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('kind', 'in', ['township', 'street'])
    .orderBy('code')
    .execute();
}
