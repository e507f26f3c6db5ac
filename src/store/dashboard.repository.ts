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

export interface DeviceEventRow {
  id: number;
  at: number;
  kind: string;
  mn: string;
  site: string | null;
}

/**
 * Online/offline events of devices within `j` after `afterId`, oldest first, with the site code of the device
 * (with `j` not all, events of a device since deleted are left out: their site is no longer known).
 */
export async function deviceEventsAfter(
  db: Kysely<Database>,
  j: Jurisdiction,
  afterId: number,
  limit = 100,
): Promise<DeviceEventRow[]> {
  const rows = await db
    .selectFrom('events')
    .leftJoin('devices', 'devices.mn', 'events.subject')
    .leftJoin('sites', 'sites.id', 'devices.site_id')
    .select([
      'events.id as id',
      'events.at as at',
      'events.kind as kind',
      'events.subject as mn',
      'sites.code as site',
    ])
    .where('events.id', '>', afterId)
    .where('events.kind', 'in', ['device_offline', 'device_online'])
    .$if(!j.all, (q) => q.where('devices.site_id', 'in', visibleSiteIds(db, j)))
    .orderBy('events.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
}

/** Id of the newest event (0 when none): where a new live connection starts. */
export async function lastEventId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
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
