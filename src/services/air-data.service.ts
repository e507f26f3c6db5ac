import { addDays, type IsoDate, startOfDay } from '#rules/air/calendar.ts';
import { emptyGrid, type HourlyGrid } from '#rules/air/daily-series.ts';
import { POLLUTANTS, type Pollutant } from '#rules/air/types.ts';
import { dustDaySet } from '#store/dust-days.repository.ts';
import { hourlySeries } from '#store/measurements.repository.ts';
import type { Db } from '#store/open-db.ts';
import { listSites, type Site } from '#store/sites.repository.ts';
import { UserError } from './errors.ts';

/**
 * The stations a report covers: the codes asked for, or every air station counting towards the district value.
 * Only air stations: their air quality is published (HJ 633 §7), so every air:read caller reaches all of them,
 * while an outlet's code is unknown here whoever asks (an enterprise's data are not air-quality results).
 */
export async function resolveAirSites(db: Db, codes: readonly string[] | undefined): Promise<Site[]> {
  if (!codes || codes.length === 0) {
    const sites = await listSites(db.db, { kind: 'air_station', inDistrictValue: true });
    if (sites.length === 0)
      throw new UserError('no_sites', '没有空气站点 / no air stations: import data first', 404);
    return sites;
  }
  const sites = await listSites(db.db, { codes, kind: 'air_station' });
  const found = new Set(sites.map((s) => s.code));
  const unknown = codes.filter((c) => !found.has(c));
  if (unknown.length > 0) {
    throw new UserError(
      'unknown_site',
      `未知空气站点 / unknown air station code(s): ${unknown.join(', ')}`,
      404,
    );
  }
  return codes.map((c) => sites.find((s) => s.code === c) as Site);
}

/**
 * [phys] No ambient concentration reaches a million µg/m³ (1 g/m³; CO: 1 kg/m³). A stored value beyond it, a
 * negative one or a non-finite one is read as missing: such rows may predate the receiver's plausibility check
 * (issue 11: a stored 1e308 showed as AQI 500, a negative one made the AQI throw). Independent of the configured
 * ranges on purpose, so a range widened in the config never hides a value the receiver accepted.
 */
export const ABSURD_CONCENTRATION = 1e6;

function readable(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v) && v >= 0 && v < ABSURD_CONCENTRATION;
}

export interface AirData {
  sites: Site[];
  /** One hourly grid per site code, covering [from, to]. */
  grids: Map<string, HourlyGrid>;
  sandDustDates: Set<IsoDate>;
}

/** Loads the hourly air values of the sites for the calendar days [from, to] (Asia/Shanghai) into grids. */
export async function loadAirData(db: Db, sites: Site[], from: IsoDate, to: IsoDate): Promise<AirData> {
  const grids = new Map<string, HourlyGrid>();
  const byId = new Map<number, HourlyGrid>();
  for (const site of sites) {
    const grid = emptyGrid(from, to);
    grids.set(site.code, grid);
    byId.set(site.id, grid);
  }
  const [series, sandDustDates] = await Promise.all([
    hourlySeries(db.db, {
      siteIds: sites.map((s) => s.id),
      parameters: POLLUTANTS,
      from: startOfDay(from),
      to: startOfDay(addDays(to, 1)),
    }),
    dustDaySet(db.db, { from, to }),
  ]);
  for (const s of series) {
    const grid = byId.get(s.siteId);
    if (!grid) continue;
    const slots = grid.values[s.parameter as Pollutant];
    const { times, values } = s;
    for (let i = 0; i < times.length; i++) {
      const v = values[i];
      slots[Math.floor(((times[i] as number) - grid.t0) / 3_600_000)] = readable(v) ? v : Number.NaN;
    }
  }
  return { sites, grids, sandDustDates };
}
