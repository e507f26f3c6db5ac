import type { ReportQuery } from '#contract/air.ts';
import { addDays, dayCount, type IsoDate } from '#rules/air/calendar.ts';
import {
  type DailyOptions,
  type DailyRecord,
  dailyFromHours,
  type HourlyGrid,
} from '#rules/air/daily-series.ts';
import { type DistrictAssessment, districtGrid } from '#rules/air/district.ts';
import { roundOrNull } from '#rules/air/exact.ts';
import {
  compareYearOnYear,
  REPORT_DECIMALS,
  roundYearOnYear,
  type YearOnYear,
} from '#rules/air/period-compare.ts';
import {
  ASSESSMENT_PERCENTILE,
  type PeriodOptions,
  type PeriodReport,
  type PeriodStats,
  periodReport,
} from '#rules/air/period-stats.ts';
import { POLLUTANTS, type Pollutant, type RuleSetId } from '#rules/air/types.ts';
import type { Db } from '#store/open-db.ts';
import type { Site } from '#store/sites.repository.ts';
import { loadAirData, resolveAirSites } from './air-data.service.ts';
import { UserError } from './errors.ts';
import { eventLoopSlicer, type Slicer } from './event-loop-slice.ts';

/** Longest period one request may assess (ten years of hourly grids stay a few hundred MB at most). */
const MAX_DAYS = 3660;

/** The assessed percentile under its own key: p98 (SO2, NO2), p95 (PM10, PM2.5, CO), p90 (O3). */
type PercentileKey = 'p98' | 'p95' | 'p90';

export type PollutantFigures = {
  validDays: number;
  /** Mean of daily values (O3: of the daily max 8-h means), report precision. */
  mean: number | null;
  complies: boolean | null;
} & Partial<Record<PercentileKey, number | null>>;

export interface ReportFiguresOut {
  validDays: number;
  goodDays: number;
  heavyDays: number;
  /** % of valid days, 1 dp. */
  goodRatio: number | null;
  heavyRatio: number | null;
  /** Σ Ci/Si, 2 dp. */
  compositeIndex: number | null;
  compositeMethod: string;
  sandDustDays: number;
  /** Valid days at AQI levels 1 (优) … 6 (严重污染). */
  levelCounts: number[];
  enoughDays: boolean | null;
  pollutants: Record<Pollutant, PollutantFigures>;
}

export interface AirReport {
  from: IsoDate;
  to: IsoDate;
  ruleSets: RuleSetId[];
  spansRuleSets: boolean;
  limitsStandard: string;
  stations: { code: string; name: string; nameEn: string | null; isSample: boolean }[];
  district: ReportFiguresOut & { parts?: PartOut[]; yearOnYear?: YearOnYear | null };
  sites: Record<string, ReportFiguresOut & { name: string }>;
  notes: string[];
}

interface PartOut {
  ruleSet: RuleSetId;
  from: IsoDate;
  to: IsoDate;
  figures: ReportFiguresOut;
}

const round = roundOrNull;

/** Report figures at the precision national bulletins publish (air-quality.md §3.5). */
export function figuresOf(stats: PeriodStats): ReportFiguresOut {
  const pollutants = {} as Record<Pollutant, PollutantFigures>;
  for (const p of POLLUTANTS) {
    const s = stats.pollutants[p];
    const dp = REPORT_DECIMALS.concentration[p];
    pollutants[p] = {
      validDays: s.validDays,
      mean: round(s.mean, dp),
      [`p${ASSESSMENT_PERCENTILE[p]}` as PercentileKey]: round(s.percentile, dp),
      complies: s.complies,
    };
  }
  const enough = POLLUTANTS.map((p) => stats.pollutants[p].enoughDays);
  return {
    validDays: stats.validDays,
    goodDays: stats.goodDays,
    heavyDays: stats.heavyDays,
    goodRatio: round(stats.goodRatio, REPORT_DECIMALS.ratio),
    heavyRatio: round(stats.heavyRatio, REPORT_DECIMALS.ratio),
    compositeIndex: round(stats.composite.value, REPORT_DECIMALS.composite),
    compositeMethod: stats.composite.method,
    sandDustDays: stats.sandDustDays,
    levelCounts: stats.levelCounts,
    enoughDays: enough.includes(null) ? null : enough.every(Boolean),
    pollutants,
  };
}

/**
 * The work of a period request is one hourly grid per station and day, plus the district's: at most
 * MAX_STATION_DAYS of them (≈ 16 stations over ten years, or 50 over three), about 70 MB of grids and a second
 * or two of CPU, which the event-loop slicing spreads out so the receiver keeps answering.
 */
export const MAX_STATION_DAYS = 60_000;

/** The period is well formed and short enough; with `stations`, their grids fit the budget. */
export function checkPeriod(from: IsoDate, to: IsoDate, stations = 1): void {
  if (from > to) throw new UserError('bad_period', '开始日期不能晚于结束日期 / from must not be after to');
  const days = dayCount(from, to);
  if (days > MAX_DAYS) {
    throw new UserError('period_too_long', `时段过长 / a period may cover at most ${MAX_DAYS} days`);
  }
  if (days * stations > MAX_STATION_DAYS) {
    throw new UserError(
      'request_too_large',
      `站点数 × 天数过大 / ${stations} stations × ${days} days exceeds ${MAX_STATION_DAYS.toLocaleString('en')} ` +
        'station-days: ask for fewer stations or a shorter period',
    );
  }
}

/** The district assessment, one station at a time, giving the event loop a turn between stations. */
export async function assessPeriod(
  db: Db,
  sites: Site[],
  from: IsoDate,
  to: IsoDate,
  perStation = true,
): Promise<DistrictAssessment> {
  const data = await loadAirData(db, sites, from, to);
  const opts = { from, to, sandDustDates: data.sandDustDates };
  const stations = sites.map((s) => s.code);
  const grids = stations.map((code) => data.grids.get(code) as HourlyGrid);
  const slice = eventLoopSlicer();
  const assessed: DistrictAssessment['perStation'] = {};
  if (perStation) {
    for (const [k, code] of stations.entries())
      assessed[code] = await assessSliced(grids[k] as HourlyGrid, opts, slice);
  }
  await slice();
  const district = districtGrid(grids);
  return { stations, district: await assessSliced(district, opts, slice), perStation: assessed };
}

/**
 * assessGrid (dailySeries, then periodReport) with the days computed a slice at a time: each day stands on its
 * own 24 hours (HJ 663 §6.1.2, O3 windows within the natural day), so this is the same result, while one
 * station's ten years (~100 ms of CPU) no longer hold the event loop in one piece.
 */
async function assessSliced(grid: HourlyGrid, opts: DailyOptions & PeriodOptions, slice: Slicer) {
  const days: DailyRecord[] = new Array(grid.days);
  for (let d = 0; d < grid.days; d++) {
    if (d % 64 === 0) await slice();
    days[d] = dailyFromHours(addDays(grid.from, d), grid.values, d * 24, opts);
  }
  await slice();
  return { days, report: periodReport(days, opts) };
}

function partsOf(report: PeriodReport): PartOut[] | undefined {
  if (!report.spansRuleSets) return undefined;
  return report.parts.map((p) => ({
    ruleSet: p.ruleSet,
    from: p.from,
    to: p.to,
    figures: figuresOf(p.stats),
  }));
}

function shiftYear(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  // 29 February of a leap year maps to 28 February of a common year.
  return md === '02-29' ? addDays(`${y}-03-01`, -1) : `${y}-${md}`;
}

/** Period statistics for the district value of the sites and for each site, optionally with year-on-year. */
export async function airReport(db: Db, query: ReportQuery): Promise<AirReport> {
  checkPeriod(query.from, query.to);
  const sites = await resolveAirSites(db, query.sites);
  checkPeriod(query.from, query.to, sites.length + 1);
  const assessment = await assessPeriod(db, sites, query.from, query.to);
  const whole = assessment.district.report.whole;
  let yearOnYear: YearOnYear | null | undefined;
  if (query.yoy) {
    const previous = await assessPeriod(db, sites, shiftYear(query.from, -1), shiftYear(query.to, -1), false);
    const prevStats = previous.district.report.whole;
    yearOnYear = prevStats.validDays > 0 ? roundYearOnYear(compareYearOnYear(whole, prevStats)) : null;
  }
  const siteFigures: AirReport['sites'] = {};
  for (const site of sites) {
    const own = assessment.perStation[site.code];
    if (own) siteFigures[site.code] = { name: site.name, ...figuresOf(own.report.whole) };
  }
  const parts = partsOf(assessment.district.report);
  return {
    from: query.from,
    to: query.to,
    ruleSets: whole.ruleSets,
    spansRuleSets: assessment.district.report.spansRuleSets,
    limitsStandard: whole.limitsStandard,
    stations: sites.map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, isSample: s.isSample })),
    district: {
      ...figuresOf(whole),
      ...(parts ? { parts } : {}),
      ...(yearOnYear !== undefined ? { yearOnYear } : {}),
    },
    sites: siteFigures,
    notes: [...new Set([...whole.notes, ...assessment.district.report.notes])],
  };
}
