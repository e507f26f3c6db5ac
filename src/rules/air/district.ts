/**
 * District (city) values from several stations. air-quality.md §3.4 working assumption [M]:
 * for each hour, the arithmetic mean of the valid station values per pollutant gives the district
 * hourly series; daily values and period statistics are then computed from that series exactly as
 * for a station. (HJ 663-2026 §5 should be checked for station-first vs hour-first aggregation.)
 */
import type { IsoDate } from './calendar.ts';
import {
  type DailyOptions,
  type DailyRecord,
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
  const perStation: Record<string, SiteAssessment> = {};
  if (opts.perStation ?? true) {
    ids.forEach((id, k) => {
      perStation[id] = assess(chosen[k] as HourlyGrid);
    });
  }
  return { stations: ids, district: assess(districtGrid(chosen)), perStation };
}

/** Hourly rows of several stations → district and per-station daily records and period report. */
export function assessDistrict(
  rows: Iterable<StationHourlyRow>,
  opts: DistrictAssessmentOptions,
): DistrictAssessment {
  return assessGrids(gridsFromRows(rows, opts.from, opts.to), opts);
}
