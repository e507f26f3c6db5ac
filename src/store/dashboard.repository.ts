import type { Kysely } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { LoggerRole } from '#rules/monitoring/logger-precedence.ts';
import type { Database } from './database.ts';
import { visibleSiteIds } from './site-visibility.ts';

/**
 * Small read queries of the web dashboard. Each filters on the measurements primary key
 * (site_id, parameter, period, time) so it is a handful of range seeks, cheap enough to poll every second.
 */

export interface RecentFilter {
  siteIds: readonly number[];
  parameters: readonly string[];
  /** Only rows with time ≥ since (epoch ms). */
  since: number;
  /**
   * Only rows with time ≤ until (epoch ms): the newest hour is never one beyond the clock (plus the skew a logger
   * may have), whatever a stored row says — a row dated 9999 must not become the district's "latest hour".
   */
  until?: number;
}

/** Newest received_at among recent hourly rows: changes whenever new or corrected data arrives. */
export async function recentDataVersion(
  db: Kysely<Database>,
  j: Jurisdiction,
  f: RecentFilter,
): Promise<number | null> {
  if (f.siteIds.length === 0) return null;
  const row = await db
    .selectFrom('measurements')
    .select((eb) => eb.fn.max('received_at').as('v'))
    .where('site_id', 'in', [...f.siteIds])
    .$if(!j.all, (q) => q.where('site_id', 'in', visibleSiteIds(db, j)))
    .where('parameter', 'in', [...f.parameters])
    .where('period', '=', 'hour')
    .where('time', '>=', f.since)
    .$if(f.until !== undefined, (q) => q.where('time', '<=', f.until as number))
    .executeTakeFirst();
  return row?.v == null ? null : Number(row.v);
}

/** Start of the newest hour with any hourly value since `since`. */
export async function latestHourSince(
  db: Kysely<Database>,
  j: Jurisdiction,
  f: RecentFilter,
): Promise<number | null> {
  if (f.siteIds.length === 0) return null;
  const row = await db
    .selectFrom('measurements')
    .select((eb) => eb.fn.max('time').as('t'))
    .where('site_id', 'in', [...f.siteIds])
    .$if(!j.all, (q) => q.where('site_id', 'in', visibleSiteIds(db, j)))
    .where('parameter', 'in', [...f.parameters])
    .where('period', '=', 'hour')
    .where('time', '>=', f.since)
    .$if(f.until !== undefined, (q) => q.where('time', '<=', f.until as number))
    .executeTakeFirst();
  return row?.t == null ? null : Number(row.t);
}

export interface SiteDeviceState {
  siteId: number;
  mn: string;
  role: LoggerRole;
  state: 'unknown' | 'online' | 'offline';
  since: number | null;
}

/**
 * The receiver's state of every enabled device on a site within `j`, with the site it sends for and its role there ('unknown' for a
 * device never heard from: a site whose main never reported can still be online through its backup).
 */
export async function deviceStates(db: Kysely<Database>, j: Jurisdiction): Promise<SiteDeviceState[]> {
  const rows = await db
    .selectFrom('devices')
    .leftJoin('device_status', 'device_status.mn', 'devices.mn')
    .select([
      'devices.site_id as siteId',
      'devices.mn as mn',
      'devices.role as role',
      'device_status.state as state',
      'device_status.state_since as since',
    ])
    .where('devices.enabled', '=', 1)
    .$if(!j.all, (q) => q.where('devices.site_id', 'in', visibleSiteIds(db, j)))
    .execute();
  return rows.map((r) => ({
    siteId: r.siteId,
    mn: r.mn,
    role: r.role === 'backup' ? 'backup' : 'main',
    state: r.state ?? 'unknown',
    since: r.since == null ? null : Number(r.since),
  }));
}

/** Start of the newest hour with data per site, since `since` (sites without any are absent). */
export async function latestHourPerSite(
  db: Kysely<Database>,
  j: Jurisdiction,
  f: RecentFilter,
): Promise<Map<number, number>> {
  if (f.siteIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('measurements')
    .select((eb) => ['site_id', eb.fn.max('time').as('t')])
    .where('site_id', 'in', [...f.siteIds])
    .$if(!j.all, (q) => q.where('site_id', 'in', visibleSiteIds(db, j)))
    .where('parameter', 'in', [...f.parameters])
    .where('period', '=', 'hour')
    .where('time', '>=', f.since)
    .$if(f.until !== undefined, (q) => q.where('time', '<=', f.until as number))
    .groupBy('site_id')
    .execute();
  return new Map(rows.filter((r) => r.t != null).map((r) => [r.site_id, Number(r.t)]));
}
