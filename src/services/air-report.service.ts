import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { ReportQuery } from '#contract/air.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { DayRuleChoice } from '#rules/air/day-rule.ts';
import type { DistrictAssessment } from '#rules/air/district.ts';
import { compareYearOnYear, roundYearOnYear, type YearOnYear } from '#rules/air/period-compare.ts';
import {
  type RoundingTable,
  roundComposite,
  roundConcentration,
  roundRatio,
} from '#rules/air/period-rounding.ts';
import { ASSESSMENT_PERCENTILE, type PeriodReport, type PeriodStats } from '#rules/air/period-stats.ts';
import {
  type CompletePeriod,
  completePeriod,
  lastCompleteDay,
  type PeriodKind,
  previousPeriod,
  samePeriodLastYear,
  whyIncomparable,
} from '#rules/air/periods.ts';
import { POLLUTANTS, type Pollutant, type RuleSetId } from '#rules/air/types.ts';
import { type DateRange, dayCount, type IsoDate } from '#rules/time/calendar.ts';
import type { Db } from '#store/open-db.ts';
import type { Site } from '#store/sites.repository.ts';
import { deductedKinds, loadAirData, resolveAirSites } from './air-data.service.ts';
import { assessPlaces, type PlacesAssessment } from './air-places.service.ts';
import {
  aboveTopNote,
  comparedDivisorsNote,
  exceptionalDaysNote,
  headlineNote,
  methodNotes,
  periodNotes,
  type ReportNote,
  reportNote,
} from './air-report-notes.ts';
import { type PlaceComparison, rankPlaces } from './air-report-ranking.ts';
import { townshipNames } from './air-stations.service.ts';
import { dustDays } from './dust-days.service.ts';
import { UserError } from './errors.ts';

/** Longest period one request may assess (ten years of hourly grids stay a few hundred MB at most). */
const MAX_DAYS = 3660;

/**
 * Longest period with rank change, 环比 and 同比: each needs the period before and the same period a year
 * earlier assessed as well, so they are offered for a month, quarter or year (or any span up to a year), not
 * for a decade.
 */
export const MAX_COMPARED_DAYS = 366;

/** The assessed percentile under its own key: p98 (SO2, NO2), p95 (PM10, PM2.5, CO), p90 (O3). */
type PercentileKey = 'p98' | 'p95' | 'p90';

export type PollutantFigures = {
  validDays: number;
  /** Mean of daily values (O3: of the daily max 8-h means), report precision. */
  mean: number | null;
  /** Complies with GB 3095 表1 (HJ 663 annual assessment); null unless the period is a whole calendar year. */
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

/** The period as asked and the complete days it holds (rules/air/periods.ts). */
export interface ReportPeriod {
  requestedFrom: IsoDate;
  requestedTo: IsoDate;
  kind: PeriodKind;
  calendarDays: number;
  completeDays: number;
  partial: boolean;
  lastCompleteDay: IsoDate;
  /** A whole calendar year of complete days: only then are concentrations judged against GB 3095 表1. */
  assessable: boolean;
  /** The period before (环比, rank change) and the same period a year earlier (同比); null when not compared. */
  previous: DateRange | null;
  lastYear: DateRange | null;
  /** Why there is no rank change, 环比 or 同比 ('too-long': longer than MAX_COMPARED_DAYS). */
  notCompared: 'too-long' | null;
}

export type SiteFiguresOut = ReportFiguresOut & PlaceComparison & { name: string };

export interface TownshipFiguresOut extends ReportFiguresOut, PlaceComparison {
  id: string;
  name: string;
  stations: string[];
}

export interface AirReport {
  from: IsoDate;
  to: IsoDate;
  period: ReportPeriod;
  ruleSets: RuleSetId[];
  spansRuleSets: boolean;
  limitsStandard: string;
  /** The figures deduct sand-dust and exceptional days (the headline); `district.actual` deducts nothing. */
  headline: 'deducted';
  deductedDays: { date: IsoDate; kind: 'sand_dust' | 'exceptional'; noticeRef: string | null }[];
  dayRule: DayRuleChoice;
  stations: {
    code: string;
    name: string;
    nameEn: string | null;
    isSample: boolean;
    townshipId: string | null;
  }[];
  district: ReportFiguresOut &
    Pick<PlaceComparison, 'mom' | 'yoy'> & {
      /** The actual figures (实况): no day deducted; equal to the headline when no day is marked. */
      actual: ReportFiguresOut;
      parts?: PartOut[];
      yearOnYear?: YearOnYear | null;
    };
  sites: Record<string, SiteFiguresOut>;
  townships: TownshipFiguresOut[];
  /** The rounding table the figures were rounded with, so a client prints them with the same decimals. */
  rounding: RoundingTable;
  /** How the figures were produced (air-report-notes.ts). */
  notes: ReportNote[];
}

interface PartOut {
  ruleSet: RuleSetId;
  from: IsoDate;
  to: IsoDate;
  figures: ReportFiguresOut;
}

/**
 * Report figures at the precision national bulletins publish (rules/air/period-rounding.ts). Compliance only
 * for a whole calendar year: GB 3095 表1 has annual, 24-h, 8-h and 1-h limits and no monthly one, and HJ 663
 * assesses a year; a month's mean against the annual limit would mislead.
 */
export function figuresOf(
  stats: PeriodStats,
  assessable = stats.kind === 'year',
  rounding: RoundingTable = DEFAULT_AIR_METHOD.rounding,
): ReportFiguresOut {
  const pollutants = {} as Record<Pollutant, PollutantFigures>;
  for (const p of POLLUTANTS) {
    const s = stats.pollutants[p];
    pollutants[p] = {
      validDays: s.validDays,
      mean: roundConcentration(p, s.mean, rounding),
      [`p${ASSESSMENT_PERCENTILE[p]}` as PercentileKey]: roundConcentration(p, s.percentile, rounding),
      complies: assessable ? s.complies : null,
    };
  }
  const enough = POLLUTANTS.map((p) => stats.pollutants[p].enoughDays);
  return {
    validDays: stats.validDays,
    goodDays: stats.goodDays,
    heavyDays: stats.heavyDays,
    goodRatio: roundRatio(stats.goodRatio, rounding),
    heavyRatio: roundRatio(stats.heavyRatio, rounding),
    compositeIndex: roundComposite(stats.composite.value, rounding),
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

/** The period's complete days at `now`, or a 400 saying that none is over yet. */
export function completeOrRefuse(from: IsoDate, to: IsoDate, now: number): CompletePeriod {
  const period = completePeriod({ from, to }, now);
  if (!period) {
    const last = lastCompleteDay(now);
    throw new UserError(
      'no_complete_day',
      `所选时段尚无完整的一天（最近的完整日为 ${last}）/ the period has no complete day yet (the last is ${last})`,
    );
  }
  return period;
}

/** The district assessment (and, with perStation, each station's) of a period. */
export async function assessPeriod(
  db: Db,
  j: Jurisdiction,
  sites: Site[],
  from: IsoDate,
  to: IsoDate,
  perStation = true,
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<DistrictAssessment> {
  const places = await placesOf(db, j, sites, { from, to }, perStation, false, method);
  const perStationOut: DistrictAssessment['perStation'] = {};
  for (const [code, a] of places.stations) perStationOut[code] = a;
  return { stations: sites.map((s) => s.code), district: places.district, perStation: perStationOut };
}

async function placesOf(
  db: Db,
  j: Jurisdiction,
  sites: Site[],
  range: DateRange,
  stations: boolean,
  townships: boolean,
  method: AirMethod,
): Promise<PlacesAssessment> {
  const data = await loadAirData(db, j, sites, range.from, range.to, method);
  return assessPlaces(data, sites, range, { stations, townships }, method);
}

function partsOf(report: PeriodReport, rounding: RoundingTable): PartOut[] | undefined {
  if (!report.spansRuleSets) return undefined;
  return report.parts.map((p) => ({
    ruleSet: p.ruleSet,
    from: p.from,
    to: p.to,
    figures: figuresOf(p.stats, false, rounding),
  }));
}

/**
 * Period statistics of the complete days of the period asked for (rules/air/periods.ts): the district value of
 * the sites, each site and each township, ranked by composite index with the rank change against the period
 * before, 环比 and 同比 where both periods have enough valid days; optionally the full year-on-year figures.
 */
export async function airReport(
  db: Db,
  j: Jurisdiction,
  query: ReportQuery,
  now = Date.now(),
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<AirReport> {
  checkPeriod(query.from, query.to);
  const period = completeOrRefuse(query.from, query.to, now);
  const range = period.range;
  const sites = await resolveAirSites(db, j, query.sites);
  checkPeriod(range.from, range.to, sites.length + 1);
  const compared = period.completeDays <= MAX_COMPARED_DAYS;
  const previous = compared ? previousPeriod(period.kind === 'custom' ? range : period.requested) : null;
  const lastYear = compared || query.yoy ? samePeriodLastYear(range) : null;
  // For a whole year the period before is the same period a year earlier: assessed once.
  const sameAsBefore = previous && lastYear && previous.from === lastYear.from && previous.to === lastYear.to;
  const [current, before, lastYearOwn, towns, marked] = await Promise.all([
    placesOf(db, j, sites, range, true, true, method),
    previous ? placesOf(db, j, sites, previous, true, true, method) : undefined,
    lastYear && !sameAsBefore ? placesOf(db, j, sites, lastYear, compared, compared, method) : undefined,
    townshipNames(db),
    dustDays(db, range),
  ]);
  const yearAgo = sameAsBefore ? before : lastYearOwn;
  const whole = current.district.report.whole;
  const assessable = period.kind === 'year' && !period.partial;
  const rounding = method.rounding;
  const ranked = rankPlaces(current, compared ? before : undefined, compared ? yearAgo : undefined, rounding);
  let yearOnYear: YearOnYear | null | undefined;
  if (query.yoy && yearAgo && lastYear) {
    const prevStats = yearAgo.district.report.whole;
    const why = whyIncomparable(
      { range, validDays: whole.validDays },
      { range: lastYear, validDays: prevStats.validDays },
    );
    yearOnYear = why === null ? roundYearOnYear(compareYearOnYear(whole, prevStats)) : null;
  }
  const siteFigures: AirReport['sites'] = {};
  for (const site of sites) {
    const own = current.stations.get(site.code);
    const cmp = ranked.stations.get(site.code);
    if (own && cmp)
      siteFigures[site.code] = {
        name: site.name,
        ...figuresOf(own.report.whole, assessable, rounding),
        ...cmp,
      };
  }
  const townships: TownshipFiguresOut[] = [];
  for (const [id, t] of current.townships) {
    const cmp = ranked.townships.get(id);
    if (!cmp) continue;
    townships.push({
      id,
      name: towns.get(id) ?? id,
      stations: t.codes,
      ...figuresOf(t.report.whole, assessable, rounding),
      ...cmp,
    });
  }
  const parts = partsOf(current.district.report, rounding);
  // The marked days actually deducted: exceptional ones only while configured so [M] (loadAirData reads the same).
  const kinds = deductedKinds(method);
  const deducted = marked.filter((m) => kinds.includes(m.kind));
  const notes = [
    ...methodNotes(current.district.report, method, assessable),
    headlineNote(deducted.length),
    ...periodNotes(current.district.report),
    ...aboveTopNote(current.district.days, method),
    ...exceptionalDaysNote(marked, method),
    ...(compared
      ? comparedDivisorsNote(whole, [before?.district.report.whole, yearAgo?.district.report.whole])
      : []),
  ];
  if (period.partial)
    notes.push(
      reportNote(
        'partial-period',
        `本期尚未结束：${period.calendarDays} 天中仅 ${period.completeDays} 天为完整日`,
        `Period still running: ${period.completeDays} of ${period.calendarDays} days complete.`,
      ),
    );
  return {
    from: range.from,
    to: range.to,
    period: {
      requestedFrom: period.requested.from,
      requestedTo: period.requested.to,
      kind: period.kind,
      calendarDays: period.calendarDays,
      completeDays: period.completeDays,
      partial: period.partial,
      lastCompleteDay: lastCompleteDay(now),
      assessable,
      previous,
      lastYear: compared ? lastYear : null,
      notCompared: compared ? null : 'too-long',
    },
    ruleSets: whole.ruleSets,
    spansRuleSets: current.district.report.spansRuleSets,
    limitsStandard: whole.limitsStandard,
    headline: 'deducted',
    deductedDays: deducted.map((m) => ({ date: m.date, kind: m.kind, noticeRef: m.notice_ref })),
    dayRule: method.dayRule,
    stations: sites.map((s) => ({
      code: s.code,
      name: s.name,
      nameEn: s.nameEn,
      isSample: s.isSample,
      townshipId: s.townshipId,
    })),
    district: {
      ...figuresOf(whole, assessable, rounding),
      actual: figuresOf(current.district.report.actual, assessable, rounding),
      mom: ranked.district.mom,
      yoy: ranked.district.yoy,
      ...(parts ? { parts } : {}),
      ...(yearOnYear !== undefined ? { yearOnYear } : {}),
    },
    sites: siteFigures,
    townships,
    rounding,
    notes,
  };
}
