import { DEFAULT_CLOCK_SKEW_S } from '#config/plausibility-defaults.ts';
import type { StationStatus, StationStatusNote } from '#contract/dashboard.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { POLLUTANTS } from '#rules/air/types.ts';
import { type SiteLogger, siteOnline } from '#rules/monitoring/logger-precedence.ts';
import { DAY_MS, HOUR_MS } from '#rules/time/calendar.ts';
import {
  deviceStates,
  latestHourPerSite,
  latestHourSince,
  type RecentFilter,
} from '#store/dashboard.repository.ts';
import type { Db } from '#store/open-db.ts';
import { listTownships } from '#store/organisations.repository.ts';
import { listSites, type Site } from '#store/sites.repository.ts';

/** A station with no hourly value for this long is shown as "no data" (无数据). */
export const NO_DATA_AFTER_MS = 3 * HOUR_MS;
/** How far back the live queries look for the newest hour (then once more without a bound). */
const RECENT_MS = 7 * DAY_MS;

/** Every air station (the map and rankings show them all, whether or not they count to the district). */
export function airStations(db: Db, j: Jurisdiction): Promise<Site[]> {
  return listSites(db.db, j, { kind: 'air_station' });
}

export async function townshipNames(db: Db): Promise<Map<string, string>> {
  const rows = await listTownships(db.db);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Hours starting later than this after now are ignored: no real hour can have data yet (issue 11: a stored row
 * dated 9999 or 2099 moved the "latest hour" and broke the pages). The receiver's default skew allowance.
 */
export const FUTURE_TOLERANCE_MS = DEFAULT_CLOCK_SKEW_S * 1000;

function recent(sites: readonly Site[], since: number, now: number): RecentFilter {
  return { siteIds: sites.map((s) => s.id), parameters: POLLUTANTS, since, until: now + FUTURE_TOLERANCE_MS };
}

/** Start of the newest hour with data at any of the stations, or null without any data. */
export async function latestHour(
  db: Db,
  j: Jurisdiction,
  sites: readonly Site[],
  now: number,
): Promise<number | null> {
  return (
    (await latestHourSince(db.db, j, recent(sites, now - RECENT_MS, now))) ??
    (await latestHourSince(db.db, j, recent(sites, 0, now)))
  );
}

export interface StationState {
  status: StationStatus;
  since: number | null;
  /** 'backup-online': online only through its backup logger while the main is off (备用数采仪在线). */
  note?: StationStatusNote | null;
}

/**
 * Each station's state now: offline when its loggers say so (rules/monitoring/logger-precedence.ts: not while
 * its main, or a backup in the main's stead, is online), "no data" when its newest hour is older than
 * NO_DATA_AFTER_MS, online otherwise.
 */
export async function stationStates(
  db: Db,
  j: Jurisdiction,
  sites: readonly Site[],
  now: number,
): Promise<Map<string, StationState>> {
  const [latest, devices] = await Promise.all([
    latestHourPerSite(db.db, j, recent(sites, now - RECENT_MS, now)),
    deviceStates(db.db, j),
  ]);
  const loggers = new Map<number, SiteLogger[]>();
  for (const d of devices) {
    const list = loggers.get(d.siteId);
    const logger = { mn: d.mn, role: d.role, state: d.state, since: d.since };
    if (list) list.push(logger);
    else loggers.set(d.siteId, [logger]);
  }
  const out = new Map<string, StationState>();
  for (const site of sites) {
    const last = latest.get(site.id);
    const link = siteOnline(loggers.get(site.id) ?? []);
    const note = link.viaBackup ? ('backup-online' as const) : null;
    if (link.state === 'offline') out.set(site.code, { status: 'offline', since: link.since, note: null });
    // The hour starting at `last` ends an hour later: that is when its value could at the earliest arrive.
    else if (last === undefined || now - (last + HOUR_MS) > NO_DATA_AFTER_MS)
      out.set(site.code, { status: 'no-data', since: last === undefined ? null : last + HOUR_MS, note });
    else out.set(site.code, { status: 'online', since: null, note });
  }
  return out;
}
