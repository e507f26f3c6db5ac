import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import {
  type DailyOptions,
  type DailyRecord,
  dailyFromHours,
  type HourlyGrid,
} from '#rules/air/daily-series.ts';
import { districtDaysStationFirst, districtGrid } from '#rules/air/district.ts';
import { type PeriodOptions, type PeriodReport, periodReport } from '#rules/air/period-stats.ts';
import { POLLUTANTS, type Pollutant } from '#rules/air/types.ts';
import { addDays, DAY_MS, type DateRange, dayCount, type IsoDate } from '#rules/time/calendar.ts';
import type { Site } from '#store/sites.repository.ts';
import type { AirData } from './air-data.service.ts';
import { eventLoopSlicer, type Slicer } from './event-loop-slice.ts';

/** The daily records of a place and its period report. */
export interface Assessed {
  days: DailyRecord[];
  report: PeriodReport;
}

/** The district, each station and each township over one period, every one computed the same way. */
export interface PlacesAssessment {
  range: DateRange;
  district: Assessed;
  stations: Map<string, Assessed>;
  /** Township id → its stations' codes and its value (the hourly mean of its stations, like the district's). */
  townships: Map<string, Assessed & { codes: string[] }>;
}

/** The days [from, to] of a grid that covers them, sharing its memory. */
export function sliceGrid(grid: HourlyGrid, from: IsoDate, to: IsoDate): HourlyGrid {
  const start = dayCount(grid.from, from) - 1;
  const days = dayCount(from, to);
  if (start < 0 || start + days > grid.days)
    throw new RangeError(`grid ${grid.from} does not cover ${from}…${to}`);
  const values = {} as Record<Pollutant, Float64Array>;
  for (const p of POLLUTANTS) values[p] = grid.values[p].subarray(start * 24, (start + days) * 24);
  return { from, days, t0: grid.t0 + start * DAY_MS, values };
}

/**
 * Daily records and the period report of a grid, a slice of days at a time: each day stands on its own 24 hours
 * (HJ 663 §6.1.2, O3 windows within the natural day), so the result is the same, while one station's ten years
 * (~100 ms of CPU) no longer hold the event loop, which the HJ 212 receiver shares, in one piece.
 */
export async function assessSliced(
  grid: HourlyGrid,
  opts: DailyOptions & PeriodOptions,
  slice: Slicer,
): Promise<Assessed> {
  const days: DailyRecord[] = new Array(grid.days);
  for (let d = 0; d < grid.days; d++) {
    if (d % 64 === 0) await slice();
    days[d] = dailyFromHours(addDays(grid.from, d), grid.values, d * 24, opts);
  }
  await slice();
  return { days, report: periodReport(days, opts) };
}

/**
 * The period [range] of the loaded data for the district and, as asked, each station and each township: one
 * definition of a place's figures, used by 总览 and 报表 alike.
 */
export async function assessPlaces(
  data: AirData,
  sites: readonly Site[],
  range: DateRange,
  want: { stations: boolean; townships: boolean },
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<PlacesAssessment> {
  const { from, to } = range;
  const opts: DailyOptions & PeriodOptions = {
    from,
    to,
    sandDustDates: data.sandDustDates,
    composite: method.composite,
    complianceDecimals: method.complianceDecimals,
    percentiles2012: method.percentiles2012,
    iaqi: method.iaqi,
    o3Max1hMinHours: method.o3Max1hMinHours,
    dayRule: method.dayRule,
  };
  // HJ 633-2026 §5.3.2 exemption of a place: a pollutant no station of it monitors [I].
  const exemptOf = (list: readonly Site[]): Pollutant[] =>
    POLLUTANTS.filter((p) => list.every((s) => method.exemptPollutants[s.code]?.includes(p)));
  const optsOf = (list: readonly Site[]) => ({ ...opts, exempt: exemptOf(list) });
  const grid = (s: Site) => sliceGrid(data.grids.get(s.code) as HourlyGrid, from, to);
  const slice = eventLoopSlicer();
  const stationFirst = method.districtMethod === 'station-first';
  const stations = new Map<string, Assessed>();
  // Station-first needs every station's days for the district (and townships) anyway.
  const own = new Map<string, Assessed>();
  if (want.stations || stationFirst)
    for (const s of sites) own.set(s.code, await assessSliced(grid(s), optsOf([s]), slice));
  if (want.stations) for (const [code, a] of own) stations.set(code, a);
  /** A place's value from its stations, the configured way (rules/air/district.ts). */
  const placeOf = async (list: readonly Site[]): Promise<Assessed> => {
    const placeOpts = optsOf(list);
    if (!stationFirst) return assessSliced(districtGrid(list.map(grid)), placeOpts, slice);
    await slice();
    const days = districtDaysStationFirst(
      list.map((s) => (own.get(s.code) as Assessed).days),
      placeOpts,
    );
    return { days, report: periodReport(days, placeOpts) };
  };
  const townships = new Map<string, Assessed & { codes: string[] }>();
  if (want.townships) {
    const byTown = new Map<string, Site[]>();
    for (const s of sites) {
      if (s.townshipId) byTown.set(s.townshipId, [...(byTown.get(s.townshipId) ?? []), s]);
    }
    for (const [id, list] of byTown) {
      const assessed = await placeOf(list);
      townships.set(id, { ...assessed, codes: list.map((s) => s.code) });
    }
  }
  await slice();
  const district = await placeOf(sites);
  return { range, district, stations, townships };
}
