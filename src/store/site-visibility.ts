import { type Kysely, sql } from 'kysely';
import type { SiteVisibility } from '#rules/access/principal.ts';
import type { Database } from './database.ts';

/**
 * The ids of the sites within `v`, as a subquery, for `where(<site id column>, 'in', visibleSiteIds(db, v))`:
 * jurisdiction applied once, in SQL, by every repository that reads per-site data for a caller. Mirrors
 * siteVisible() in the rules, which the tests compare it with.
 */
export function visibleSiteIds(db: Kysely<Database>, v: SiteVisibility) {
  return db
    .selectFrom('sites')
    .select('sites.id')
    .where((eb) => {
      const reach = [];
      if (v.all) return sql<boolean>`1 = 1`;
      if (v.published) reach.push(eb('sites.kind', '=', 'air_station'));
      if (v.townshipIds.length > 0) reach.push(eb('sites.township_id', 'in', [...v.townshipIds]));
      if (v.siteIds.length > 0) reach.push(eb('sites.id', 'in', [...v.siteIds]));
      return reach.length > 0 ? eb.or(reach) : sql<boolean>`1 = 0`;
    });
}
