import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type {
  DayReason,
  DayRow,
  DaysBody,
  DaysQuery,
  HoursBody,
  HoursQuery,
  PollutantKey,
} from '#contract/dashboard.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { DAILY_MEAN_POLLUTANTS, type DailyRecord, type HourlyGrid } from '#rules/air/daily-series.ts';
import { roundOrNull } from '#rules/air/exact.ts';
import { POLLUTANTS } from '#rules/air/types.ts';
import { VALIDITY } from '#rules/air/validity.ts';
import { addDays, dateOf, HOUR_MS } from '#rules/time/calendar.ts';
import type { Db } from '#store/open-db.ts';
import { loadAirData, resolveAirSites } from './air-data.service.ts';
import { stationGaps } from './air-gaps.service.ts';
import { hourlyAqiAt, summaryOf } from './air-hourly.service.ts';
import { assessPeriod, checkPeriod } from './air-report.service.ts';
import { airStations, latestHour } from './air-stations.service.ts';
import { UserError } from './errors.ts';
import { eventLoopSlicer } from './event-loop-slice.ts';

/** Hourly values of the six pollutants and the real-time AQI of each site, for `hours` hours. */
export async function airHours(
  db: Db,
  j: Jurisdiction,
  query: HoursQuery,
  now: number,
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<HoursBody> {
  const sites = await resolveAirSites(db, j, query.sites);
  const last =
    query.to !== undefined
      ? Math.floor(query.to / HOUR_MS) * HOUR_MS
      : ((await latestHour(db, j, await airStations(db, j), now)) ??
        Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS);
  const t0 = last - (query.hours - 1) * HOUR_MS;
  const data = await loadAirData(db, j, sites, addDays(dateOf(t0), -1), dateOf(last));
  const out: HoursBody = { t0, count: query.hours, sites: [] };
  const slice = eventLoopSlicer();
  for (const site of sites) {
    await slice();
    const grid = data.grids.get(site.code) as HourlyGrid;
    const first = Math.round((t0 - grid.t0) / HOUR_MS);
    const values = {} as Record<PollutantKey, (number | null)[]>;
    for (const p of POLLUTANTS) {
      const a = grid.values[p];
      values[p] = Array.from({ length: query.hours }, (_, i) => {
        const v = a[first + i];
        return v !== undefined && Number.isFinite(v) ? v : null;
      });
    }
    const aqi: (number | null)[] = [];
    for (let i = 0; i < query.hours; i++) {
      // An hourly AQI is a few microseconds; a site's 2,232 of them are not, on a shared core.
      if (i % 256 === 0) await slice();
      aqi.push(hourlyAqiAt(grid, first + i, method).aqi);
    }
    const gaps = await stationGaps(db, j, site.id, t0, values, query.hours);
    out.sites.push({ code: site.code, name: site.name, nameEn: site.nameEn, values, aqi, gaps });
  }
  return out;
}

/**
 * Which pollutants a day misses and why (GB 3095 表4, HJ 663 §6.1.2); empty when all six are valid. Under the 2026
 * rules a day may count with a pollutant missing (HJ 633-2026 §5.3.1), so a counted day can have reasons too.
 */
export function dayReasons(d: DailyRecord): DayReason[] {
  const reasons: DayReason[] = [];
  for (const p of DAILY_MEAN_POLLUTANTS) {
    if (d.means[p] === null) {
      reasons.push({ pollutant: p, kind: 'hours', have: d.validHours[p], need: VALIDITY.dailyMeanMinHours });
    }
  }
  if (d.o3Mda8 === null) {
    reasons.push({
      pollutant: 'O3',
      kind: 'o3-windows',
      have: d.o3ValidWindows,
      need: VALIDITY.o3Mda8MinWindows,
    });
  }
  return reasons;
}

function dayRow(d: DailyRecord): DayRow {
  return {
    date: d.date,
    aqi: summaryOf(d.aqi),
    means: {
      SO2: roundOrNull(d.means.SO2, 0),
      NO2: roundOrNull(d.means.NO2, 0),
      PM10: roundOrNull(d.means.PM10, 0),
      'PM2.5': roundOrNull(d.means['PM2.5'], 0),
      CO: roundOrNull(d.means.CO, 1),
      O3: roundOrNull(d.o3Mda8, 0),
    },
    valid: d.valid,
    reasons: dayReasons(d),
    verdict: d.verdict,
  };
}

/** Daily AQI of one site (or the district value) with, for each day that does not count, the reason. */
export async function airDays(
  db: Db,
  j: Jurisdiction,
  query: DaysQuery,
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<DaysBody> {
  checkPeriod(query.from, query.to);
  if (query.to < query.from) throw new UserError('bad_period', '开始日期不能晚于结束日期 / from after to');
  const sites = await resolveAirSites(db, j, query.site ? [query.site] : undefined);
  checkPeriod(query.from, query.to, sites.length + 1);
  const assessment = await assessPeriod(db, j, sites, query.from, query.to, false, method);
  const one = query.site ? sites[0] : undefined;
  return {
    site: one?.code ?? 'district',
    name: one?.name ?? '淇滨区',
    days: assessment.district.days.map(dayRow),
  };
}
