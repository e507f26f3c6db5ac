import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { SnapshotBody, StationNow } from '#contract/dashboard.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { HourlyGrid } from '#rules/air/daily-series.ts';
import { districtGrid } from '#rules/air/district.ts';
import { addDays, dateOf, HOUR_MS } from '#rules/time/calendar.ts';
import type { Db } from '#store/open-db.ts';
import { loadAirData } from './air-data.service.ts';
import { hasData, hourlyAqiAt, NO_AQI, valuesAt } from './air-hourly.service.ts';
import { airStations, latestHour, stationStates, townshipNames } from './air-stations.service.ts';

const EMPTY_VALUES = { SO2: null, NO2: null, PM10: null, 'PM2.5': null, CO: null, O3: null };

/**
 * Every air station at one hour (default the newest with data): its six values, real-time AQI and state,
 * plus the district value of the stations that count towards it. Feeds the map, its 24-hour slider and the
 * live tables.
 */
export async function airSnapshot(
  db: Db,
  j: Jurisdiction,
  query: { at?: number },
  now: number,
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<SnapshotBody> {
  const sites = await airStations(db, j);
  const [latest, states, towns] = await Promise.all([
    latestHour(db, j, sites, now),
    stationStates(db, j, sites, now),
    townshipNames(db),
  ]);
  const hours = latest === null ? [] : Array.from({ length: 24 }, (_, i) => latest - (23 - i) * HOUR_MS);
  const at = query.at !== undefined ? Math.floor(query.at / HOUR_MS) * HOUR_MS : latest;
  let grids = new Map<string, HourlyGrid>();
  let slot = -1;
  if (at !== null && sites.length > 0) {
    // A day before the hour too: the 2012 real-time AQI reads 24-hour sliding PM means.
    const day = dateOf(at);
    const data = await loadAirData(db, j, sites, addDays(day, -1), day);
    grids = data.grids;
    slot = Math.round((at - (grids.values().next().value as HourlyGrid).t0) / HOUR_MS);
  }
  const stations: StationNow[] = sites.map((site) => {
    const grid = grids.get(site.code);
    const present = grid !== undefined && slot >= 0 && hasData(grid, slot);
    const state = states.get(site.code) ?? { status: 'no-data' as const, since: null };
    return {
      code: site.code,
      name: site.name,
      nameEn: site.nameEn,
      tier: site.tier,
      townshipId: site.townshipId,
      townshipName: site.townshipId ? (towns.get(site.townshipId) ?? null) : null,
      lon: site.lon,
      lat: site.lat,
      isSample: site.isSample,
      time: present ? at : null,
      values: present ? valuesAt(grid, slot) : EMPTY_VALUES,
      aqi: present ? hourlyAqiAt(grid, slot, method) : NO_AQI,
      status: state.status,
      statusSince: state.since,
      statusNote: state.note ?? null,
    };
  });
  const counted = sites.filter((s) => s.inDistrictValue).map((s) => grids.get(s.code));
  const districtGrids = counted.filter((g): g is HourlyGrid => g !== undefined);
  const district =
    districtGrids.length > 0 && slot >= 0
      ? (() => {
          const g = districtGrid(districtGrids);
          return { values: valuesAt(g, slot), aqi: hourlyAqiAt(g, slot, method) };
        })()
      : { values: EMPTY_VALUES, aqi: NO_AQI };
  return { at, latestHour: latest, hours, district, stations };
}
