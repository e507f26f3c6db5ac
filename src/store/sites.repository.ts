import type { Kysely } from 'kysely';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import { visibleSiteIds } from './site-visibility.ts';
import type { SiteKind, SiteRow, SiteTier } from './sites.table.ts';

/** A site as the rest of the app sees it (booleans as booleans, camelCase). */
export interface Site {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: SiteKind;
  tier: SiteTier | null;
  townshipId: string | null;
  lon: number | null;
  lat: number | null;
  isSample: boolean;
  inDistrictValue: boolean;
  createdAt: number;
}

export interface SiteInput {
  code: string;
  name: string;
  nameEn?: string | null;
  kind: SiteKind;
  tier?: SiteTier | null;
  townshipId?: string | null;
  lon?: number | null;
  lat?: number | null;
  isSample?: boolean;
  inDistrictValue?: boolean;
}

export interface SiteFilter {
  kind?: SiteKind;
  tier?: SiteTier | readonly SiteTier[];
  townshipId?: string;
  isSample?: boolean;
  inDistrictValue?: boolean;
  codes?: readonly string[];
}

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    kind: row.kind,
    tier: row.tier,
    townshipId: row.township_id,
    lon: row.lon,
    lat: row.lat,
    isSample: row.is_sample === 1,
    inDistrictValue: row.in_district_value === 1,
    createdAt: row.created_at,
  };
}

function toRow(input: SiteInput, now: number) {
  return {
    code: input.code,
    name: input.name,
    name_en: input.nameEn ?? null,
    kind: input.kind,
    tier: input.tier ?? null,
    township_id: input.townshipId ?? null,
    lon: input.lon ?? null,
    lat: input.lat ?? null,
    is_sample: input.isSample ? 1 : 0,
    in_district_value: input.inDistrictValue === false ? 0 : 1,
    created_at: now,
  };
}

/** Insert or update by code (created_at is kept from the first insert). Returns the stored site. */
export async function upsertSite(db: Kysely<Database>, input: SiteInput, now = Date.now()): Promise<Site> {
  const row = await db
    .insertInto('sites')
    .values(toRow(input, now))
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        name_en: eb.ref('excluded.name_en'),
        kind: eb.ref('excluded.kind'),
        tier: eb.ref('excluded.tier'),
        township_id: eb.ref('excluded.township_id'),
        lon: eb.ref('excluded.lon'),
        lat: eb.ref('excluded.lat'),
        is_sample: eb.ref('excluded.is_sample'),
        in_district_value: eb.ref('excluded.in_district_value'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSite(row);
}

/** Sites within `j` matching every given filter, ordered by id (creation order). */
export async function listSites(
  db: Kysely<Database>,
  j: Jurisdiction,
  filter: SiteFilter = {},
): Promise<Site[]> {
  let query = db.selectFrom('sites').selectAll();
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.tier !== undefined) {
    query = query.where('tier', 'in', typeof filter.tier === 'string' ? [filter.tier] : [...filter.tier]);
  }
  if (filter.townshipId !== undefined) query = query.where('township_id', '=', filter.townshipId);
  if (filter.isSample !== undefined) query = query.where('is_sample', '=', filter.isSample ? 1 : 0);
  if (filter.inDistrictValue !== undefined) {
    query = query.where('in_district_value', '=', filter.inDistrictValue ? 1 : 0);
  }
  if (filter.codes !== undefined) {
    if (filter.codes.length === 0) return [];
    query = query.where('code', 'in', [...filter.codes]);
  }
  if (!j.all) query = query.where('id', 'in', visibleSiteIds(db, j));
  const rows = await query.orderBy('id').execute();
  return rows.map(toSite);
}

/** The site with this code; undefined when there is none or it lies outside `j`. */
export async function findSiteByCode(
  db: Kysely<Database>,
  j: Jurisdiction,
  code: string,
): Promise<Site | undefined> {
  const row = await db
    .selectFrom('sites')
    .selectAll()
    .where('code', '=', code)
    .$if(!j.all, (q) => q.where('id', 'in', visibleSiteIds(db, j)))
    .executeTakeFirst();
  return row && toSite(row);
}

/** First site (lowest id) within `j` with exactly this name. */
export async function findSiteByName(
  db: Kysely<Database>,
  j: Jurisdiction,
  name: string,
): Promise<Site | undefined> {
  const row = await db
    .selectFrom('sites')
    .selectAll()
    .where('name', '=', name)
    .$if(!j.all, (q) => q.where('id', 'in', visibleSiteIds(db, j)))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row && toSite(row);
}

/** Importing data finds or creates its site among all of them (codes are unique across the district). */
const IMPORT = Jurisdiction.system('import: find or create a site by name');

/**
 * The site with this code or (failing that) this name; created from `defaults` with code = name when
 * neither exists. Safe against a concurrent create of the same code. `created` tells which happened.
 */
export async function ensureSiteByName(
  db: Kysely<Database>,
  name: string,
  defaults: Omit<SiteInput, 'code' | 'name'>,
  now = Date.now(),
): Promise<{ site: Site; created: boolean }> {
  const existing = (await findSiteByCode(db, IMPORT, name)) ?? (await findSiteByName(db, IMPORT, name));
  if (existing) return { site: existing, created: false };
  const inserted = await db
    .insertInto('sites')
    .values(toRow({ ...defaults, code: name, name }, now))
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { site: toSite(inserted), created: true };
  const raced = await findSiteByCode(db, IMPORT, name);
  if (!raced) throw new Error(`site "${name}" could neither be created nor found`);
  return { site: raced, created: false };
}
