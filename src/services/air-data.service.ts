import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { emptyGrid, type HourlyGrid } from '#rules/air/daily-series.ts';
import { POLLUTANTS, type Pollutant } from '#rules/air/types.ts';
import { addDays, DAY_MS, type IsoDate, startOfDay } from '#rules/time/calendar.ts';
import { dustDaySet } from '#store/dust-days.repository.ts';
import type { DustDayKind } from '#store/dust-days.table.ts';
import { hourlySeries } from '#store/measurements.repository.ts';
import type { Db } from '#store/open-db.ts';
import { listSites, type Site } from '#store/sites.repository.ts';
import { UserError } from './errors.ts';
import { eventLoopSlicer } from './event-loop-slice.ts';

/**
 * The stations a report covers: the codes asked for, or every air station counting towards the district value.
 * Only air stations: their air quality is published (HJ 633 §7), so every air:read caller reaches all of them,
 * while an outlet's code is unknown here whoever asks (an enterprise's data are not air-quality results).
 */
export async function resolveAirSites(
  db: Db,
  j: Jurisdiction,
  codes: readonly string[] | undefined,
): Promise<Site[]> {
  if (!codes || codes.length === 0) {
    const sites = await listSites(db.db, j, { kind: 'air_station', inDistrictValue: true });
    if (sites.length === 0)
      throw new UserError('no_sites', '没有空气站点 / no air stations: import data first', 404);
    return sites;
  }
  const sites = await listSites(db.db, j, { codes, kind: 'air_station' });
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

/**
 * Days of one site read per query. The store's driver may be synchronous (better-sqlite3), so one query over
 * ten years of a dozen stations would hold the event loop, which the HJ 212 receiver shares, for seconds;
 * a site-quarter (~13,000 rows) takes a few milliseconds, and the loop gets a turn between them.
 */
const CHUNK_DAYS = 92;

/** The kinds of marked day deducted (sand-dust always; exceptional ones as configured [M]). */
export function deductedKinds(method: Pick<AirMethod, 'exceptionalDays'>): DustDayKind[] {
  return method.exceptionalDays === 'not-deducted' ? ['sand_dust'] : ['sand_dust', 'exceptional'];
}

/** Loads the hourly air values of the sites (those within `j`) for the calendar days [from, to] (Asia/Shanghai) into grids. */
export async function loadAirData(
  db: Db,
  j: Jurisdiction,
  sites: Site[],
  from: IsoDate,
  to: IsoDate,
  method: Pick<AirMethod, 'exceptionalDays'> = DEFAULT_AIR_METHOD,
): Promise<AirData> {
  const grids = new Map<string, HourlyGrid>();
  const sandDustDates = await dustDaySet(db.db, { from, to }, deductedKinds(method));
  const slice = eventLoopSlicer();
  const end = startOfDay(addDays(to, 1));
  for (const site of sites) {
    if (grids.has(site.code)) continue;
    // Allocated here, a site at a time: ten years of one site's grid is ~4 MB to fill with NaN.
    await slice();
    const grid = emptyGrid(from, to);
    grids.set(site.code, grid);
    for (let start = startOfDay(from); start < end; start += CHUNK_DAYS * DAY_MS) {
      await slice();
      const series = await hourlySeries(db.db, j, {
        siteIds: [site.id],
        parameters: POLLUTANTS,
        from: start,
        to: Math.min(end, start + CHUNK_DAYS * DAY_MS),
      });
      for (const s of series) fillGrid(grid, s.parameter as Pollutant, s.times, s.values);
    }
  }
  return { sites, grids, sandDustDates };
}

function fillGrid(grid: HourlyGrid, parameter: Pollutant, times: number[], values: (number | null)[]): void {
  const slots = grid.values[parameter];
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    slots[Math.floor(((times[i] as number) - grid.t0) / 3_600_000)] = readable(v) ? v : Number.NaN;
  }
}
