/**
 * District (city) values from several stations: the arithmetic mean over the evaluation stations (城市点),
 * air-quality.md §3.4. Whether the mean is taken hour by hour or over the stations' daily values is not found
 * in a text we could read (air-2026.md: HJ 663-2026 [NF]), so it is a configured choice [M]:
 * - 'hour-first' (default): for each hour the mean of the valid station values gives the district hourly
 *   series; daily values and period statistics then follow from it exactly as for a station.
 * - 'station-first': each station's daily values first (24-h means ≥ 20 h, MDA8, GB 3095 表4 / HJ 663
 *   §6.1.2), then for each day the mean of the stations that have a valid value; period statistics follow
 *   from those district days. A station short of hours drops out of that day's mean instead of adding
 *   its remaining hours.
 * The two agree when every station has every hour, except for the O3 MDA8 and max 1-h (a maximum of a mean
 * is not the mean of the maxima). The district AQI is always computed from the district concentrations
 * (HJ 633-2026 §4.2.2), never averaged from station AQIs.
 */
import type { IsoDate } from '../time/calendar.ts';
import {
  DAILY_MEAN_POLLUTANTS,
  type DailyOptions,
  type DailyRecord,
  type DailyValues,
  dailyRecordOf,
  dailySeries,
  emptyGrid,
  type HourlyGrid,
  setHourly,
  slotOf,
} from './daily-series.ts';
import { type PeriodOptions, type PeriodReport, periodReport } from './period-stats.ts';
import type { Pollutant } from './types.ts';
import { POLLUTANTS } from './types.ts';

/** One hourly value in long format. `time` = epoch ms of the start of the hour. */
export interface StationHourlyRow {
  station: string;
  time: number;
  pollutant: Pollutant;
  value: number | null;
}

/** One station-hour with all pollutants (wide format). */
export interface StationHourlyWideRow {
  station: string;
  time: number;
  values: Partial<Record<Pollutant, number | null>>;
}

function gridFor(grids: Map<string, HourlyGrid>, station: string, from: IsoDate, to: IsoDate): HourlyGrid {
  let g = grids.get(station);
  if (!g) {
    g = emptyGrid(from, to);
    grids.set(station, g);
  }
  return g;
}

/** One grid per station from long rows; rows outside [from, to] are ignored. */
export function gridsFromRows(
  rows: Iterable<StationHourlyRow>,
  from: IsoDate,
  to: IsoDate,
): Map<string, HourlyGrid> {
  const grids = new Map<string, HourlyGrid>();
  for (const row of rows)
    setHourly(gridFor(grids, row.station, from, to), row.pollutant, row.time, row.value);
  return grids;
}

/** One grid per station from wide rows. */
export function gridsFromWideRows(
  rows: Iterable<StationHourlyWideRow>,
  from: IsoDate,
  to: IsoDate,
): Map<string, HourlyGrid> {
  const grids = new Map<string, HourlyGrid>();
  for (const row of rows) {
    const g = gridFor(grids, row.station, from, to);
    const i = slotOf(g, row.time);
    if (i < 0) continue;
    for (const p of POLLUTANTS) {
      const v = row.values[p];
      if (v !== undefined) g.values[p][i] = v !== null && Number.isFinite(v) ? v : Number.NaN;
    }
  }
  return grids;
}

/**
 * Hour-by-hour mean of the valid station values (present, non-null, finite) per pollutant [M §3.4].
 * A slot with no valid station stays missing. All grids must share the same `from` and `days`.
 */
export function districtGrid(stations: readonly HourlyGrid[]): HourlyGrid {
  const first = stations[0];
  if (!first) throw new RangeError('districtGrid needs at least one station grid');
  for (const g of stations) {
    if (g.from !== first.from || g.days !== first.days)
      throw new RangeError('station grids cover different days');
  }
  const n = first.days * 24;
  const values = {} as Record<Pollutant, Float64Array>;
  for (const p of POLLUTANTS) {
    const sum = new Float64Array(n);
    const count = new Uint16Array(n);
    for (const g of stations) {
      const a = g.values[p];
      for (let i = 0; i < n; i++) {
        const v = a[i] as number;
        if (Number.isFinite(v)) {
          sum[i] = (sum[i] as number) + v;
          count[i] = (count[i] as number) + 1;
        }
      }
    }
    const mean = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = count[i] as number;
      mean[i] = c > 0 ? (sum[i] as number) / c : Number.NaN;
    }
    values[p] = mean;
  }
  return { from: first.from, days: first.days, t0: first.t0, values };
}

/** How station values become the district's (see the file comment). [M] */
export type DistrictMethod = 'hour-first' | 'station-first';
export const DISTRICT_METHODS: readonly DistrictMethod[] = ['hour-first', 'station-first'];

function meanOfPresent(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : null;
}

/**
 * Station-first district days: for each day, the mean over the stations of each valid daily value (24-h
 * means, O3 MDA8 and max 1-h), then the day's AQI from those means. `validHours` and `o3ValidWindows` are
 * the best station's, so a district day with a value never reports fewer hours than the 20 it needs.
 * All series must cover the same days in the same order.
 */
export function districtDaysStationFirst(
  stations: readonly (readonly DailyRecord[])[],
  opts: DailyOptions = {},
): DailyRecord[] {
  const first = stations[0];
  if (!first) throw new RangeError('districtDaysStationFirst needs at least one station series');
  return first.map((day, d) => {
    const same = stations.map((s) => {
      const r = s[d];
      if (!r || r.date !== day.date) throw new RangeError('station series cover different days');
      return r;
    });
    const means = {} as DailyValues['means'];
    for (const p of DAILY_MEAN_POLLUTANTS) means[p] = meanOfPresent(same.map((r) => r.means[p]));
    const validHours = {} as DailyValues['validHours'];
    for (const p of POLLUTANTS) validHours[p] = Math.max(...same.map((r) => r.validHours[p]));
    return dailyRecordOf(
      {
        date: day.date,
        means,
        o3Max1h: meanOfPresent(same.map((r) => r.o3Max1h)),
        o3Mda8: meanOfPresent(same.map((r) => r.o3Mda8)),
        validHours,
        o3ValidWindows: Math.max(...same.map((r) => r.o3ValidWindows)),
      },
      opts,
    );
  });
}

export interface SiteAssessment {
  days: DailyRecord[];
  report: PeriodReport;
}

export interface DistrictAssessmentOptions extends DailyOptions, Omit<PeriodOptions, 'from' | 'to'> {
  from: IsoDate;
  to: IsoDate;
  /** Evaluation stations (城市点) to average; default: every station in the rows. */
  stations?: readonly string[];
  /** Also assess each station on its own (default true). */
  perStation?: boolean;
  /** Default 'hour-first' [M]. */
  districtMethod?: DistrictMethod;
}

export interface DistrictAssessment {
  /** Stations that entered the district mean. */
  stations: string[];
  district: SiteAssessment;
  perStation: Record<string, SiteAssessment>;
}

/** One series (a station's, or the district's from districtGrid): its daily records and period report. */
export function assessGrid(grid: HourlyGrid, opts: DistrictAssessmentOptions): SiteAssessment {
  const days = dailySeries(grid, opts);
  return { days, report: periodReport(days, opts) };
}

/** Assessment from station grids: the district series and, alongside, each station's own. */
export function assessGrids(
  grids: Map<string, HourlyGrid>,
  opts: DistrictAssessmentOptions,
): DistrictAssessment {
  const ids = opts.stations ? [...opts.stations] : [...grids.keys()].sort();
  const chosen = ids.map((id) => grids.get(id) ?? emptyGrid(opts.from, opts.to));
  const assess = (grid: HourlyGrid): SiteAssessment => assessGrid(grid, opts);
  const stationFirst = opts.districtMethod === 'station-first';
  const perStation: Record<string, SiteAssessment> = {};
  if ((opts.perStation ?? true) || stationFirst) {
    ids.forEach((id, k) => {
      perStation[id] = assess(chosen[k] as HourlyGrid);
    });
  }
  let district: SiteAssessment;
  if (stationFirst) {
    const days = districtDaysStationFirst(
      ids.map((id) => (perStation[id] as SiteAssessment).days),
      opts,
    );
    district = { days, report: periodReport(days, opts) };
  } else district = assess(districtGrid(chosen));
  if (!(opts.perStation ?? true)) for (const id of ids) delete perStation[id];
  return { stations: ids, district, perStation };
}

/** Hourly rows of several stations → district and per-station daily records and period report. */
export function assessDistrict(
  rows: Iterable<StationHourlyRow>,
  opts: DistrictAssessmentOptions,
): DistrictAssessment {
  return assessGrids(gridsFromRows(rows, opts.from, opts.to), opts);
}
