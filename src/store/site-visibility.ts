import { type Kysely, sql } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';

/**
 * The ids of the sites within `j`, as a subquery, for `where(<site id column>, 'in', visibleSiteIds(db, j))`:
 * jurisdiction applied once, in SQL, by every repository that reads per-site data. Mirrors siteVisible() in the
 * rules, which the tests compare it with. Callers skip it when `j.all` (the plain query is the same set).
 */
export function visibleSiteIds(db: Kysely<Database>, j: Jurisdiction) {
  return db
    .selectFrom('sites')
    .select('sites.id')
    .where((eb) => {
      const reach = [];
      if (j.all) return sql<boolean>`1 = 1`;
      if (j.published) reach.push(eb('sites.kind', '=', 'air_station'));
      if (j.townshipIds.length > 0) reach.push(eb('sites.township_id', 'in', [...j.townshipIds]));
      if (j.siteIds.length > 0) reach.push(eb('sites.id', 'in', [...j.siteIds]));
      return reach.length > 0 ? eb.or(reach) : sql<boolean>`1 = 0`;
    });
}

/** The MNs of the devices on sites within `j` (device rows are keyed by MN, not site). */
export function visibleDeviceMns(db: Kysely<Database>, j: Jurisdiction) {
  return db.selectFrom('devices').select('devices.mn').where('devices.site_id', 'in', visibleSiteIds(db, j));
}
