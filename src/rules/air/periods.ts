/**
 * One definition of every period the platform names ("this year", "this month", "year to date", last month,
 * the same period last year, the period before) and of when two periods may be compared. Every service takes
 * its periods from here, so the overview and 报表 count the same days.
 *
 * Days are natural days of Asia/Shanghai (GB 3095-2026 §3 "自然日"). A day's statistics exist only once the day
 * is over: HJ 633-2026 §5.2.1 publishes the daily report for the natural day before 12:00 of the next day, and a
 * daily mean needs ≥ 20 of its 24 hours (GB 3095 表4). So every period here holds **complete days only**; a view
 * that shows the unfinished day must say so ("今日截至 HH时", `todaySoFar`).
 */
import {
  addDays,
  DAY_MS,
  type DateRange,
  dateOf,
  dayCount,
  HOUR_MS,
  type IsoDate,
  isWholeMonth,
  isWholeYear,
  monthOf,
  monthRange,
  quarterRange,
  SHANGHAI_OFFSET_MS,
  yearOf,
  yearRange,
} from '../time/calendar.ts';
import { monthMinDays, VALIDITY } from './validity.ts';

export type PeriodKind = 'year' | 'quarter' | 'month' | 'custom';

/** The earlier of two dates (ISO dates order as strings; Math.min does not apply to them). */
export function earlierDate(a: IsoDate, b: IsoDate): IsoDate {
  return b < a ? b : a;
}

/** The last complete natural day at instant `now`: yesterday in Shanghai. */
export function lastCompleteDay(now: number): IsoDate {
  return addDays(dateOf(now), -1);
}

/**
 * Today so far: the unfinished day and the hours of it that are over. `untilHour` is the end of the last complete
 * hour as Chinese publishing labels it (0–23; "今日截至 20时" at 20:45).
 */
export function todaySoFar(now: number): { date: IsoDate; untilHour: number } {
  const local = now + SHANGHAI_OFFSET_MS;
  const hour = Math.floor((local % DAY_MS) / HOUR_MS);
  return { date: dateOf(now), untilHour: hour };
}

/**
 * "This year" / year to date: 1 January to the last complete day, in the year of that day (so on 1 January the
 * view shows the whole of the previous year, not an empty period).
 */
export function yearToDate(now: number): DateRange {
  const to = lastCompleteDay(now);
  return { from: `${to.slice(0, 4)}-01-01`, to };
}

/** "This month" / month to date: the 1st to the last complete day, in that day's month. */
export function monthToDate(now: number): DateRange {
  const to = lastCompleteDay(now);
  return { from: `${to.slice(0, 7)}-01`, to };
}

/** The whole calendar month before the month of `monthToDate`. */
export function lastMonth(now: number): DateRange {
  const { from } = monthToDate(now);
  const prev = addDays(from, -1);
  return monthRange(yearOf(prev), monthOf(prev));
}

/** The same calendar date a year earlier (29 February → 28 February). */
export function sameDateLastYear(date: IsoDate): IsoDate {
  const y = yearOf(date) - 1;
  const md = date.slice(5);
  return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
}

/** 同期: the same dates a year earlier (a range ending on 29 February ends on 28 February). */
export function samePeriodLastYear(r: DateRange): DateRange {
  return { from: sameDateLastYear(r.from), to: sameDateLastYear(r.to) };
}

/** True when the range is one whole calendar quarter. */
function isWholeQuarter(r: DateRange): boolean {
  const m = monthOf(r.from);
  if ((m - 1) % 3 !== 0) return false;
  const q = quarterRange(yearOf(r.from), (m - 1) / 3 + 1);
  return q.from === r.from && q.to === r.to;
}

/** What a requested (nominal) range is: a whole year, quarter or month, or any other span. */
export function kindOf(r: DateRange): PeriodKind {
  if (isWholeYear(r)) return 'year';
  if (isWholeQuarter(r)) return 'quarter';
  if (isWholeMonth(r)) return 'month';
  return 'custom';
}

/**
 * 环比 / the period before: the month, quarter or year before a whole one; for any other span the same number of
 * days just before it.
 */
export function previousPeriod(r: DateRange): DateRange {
  const kind = kindOf(r);
  const before = addDays(r.from, -1);
  if (kind === 'year') return yearRange(yearOf(before));
  if (kind === 'quarter') return quarterRange(yearOf(before), Math.floor((monthOf(before) - 1) / 3) + 1);
  if (kind === 'month') return monthRange(yearOf(before), monthOf(before));
  return { from: addDays(r.from, -dayCount(r.from, r.to)), to: before };
}

/** A requested period cut to its complete days. */
export interface CompletePeriod {
  /** The period as asked for (a whole month, say). */
  requested: DateRange;
  kind: PeriodKind;
  /** The complete days of it; `to` is at most the last complete day. */
  range: DateRange;
  /** Calendar days of the requested period. */
  calendarDays: number;
  /** Calendar days of `range`. */
  completeDays: number;
  /** Fewer complete days than the requested period has: the period is still running. */
  partial: boolean;
}

/** The complete days of a requested period at `now`; undefined when none of its days is over yet. */
export function completePeriod(requested: DateRange, now: number): CompletePeriod | undefined {
  const last = lastCompleteDay(now);
  if (requested.from > last) return undefined;
  const range = { from: requested.from, to: earlierDate(requested.to, last) };
  const calendarDays = dayCount(requested.from, requested.to);
  const completeDays = dayCount(range.from, range.to);
  return {
    requested,
    kind: kindOf(requested),
    range,
    calendarDays,
    completeDays,
    partial: completeDays < calendarDays,
  };
}

/**
 * Share of a period's days that must be valid before its figures are compared with another period's: the annual
 * minimum of GB 3095-2026 表4 [P] (GB 3095-2012 表4 the same [M]), 324 valid daily values of 365, on which
 * HJ 663 bases the assessment of a year [M: the HJ 663 text was not read, air-quality.md §3]; GB 3095-2026 §6.4
 * treats data short of 表4 as invalid. The same share, pro rata, for spans that are not a whole year or month.
 * One place for the threshold: change it here and every comparison (总览, 报表, export, CLI) follows.
 */
export const COMPARISON_MIN_SHARE = VALIDITY.yearMinDays / 365;

/**
 * Valid days a period needs before it is compared: GB 3095 表4 exactly for a whole year (324) or month (27,
 * February 25), `COMPARISON_MIN_SHARE` of its days (rounded up) otherwise.
 */
export function comparisonMinValidDays(r: DateRange): number {
  if (isWholeYear(r)) return VALIDITY.yearMinDays;
  if (isWholeMonth(r)) return monthMinDays(monthOf(r.from));
  return Math.ceil(dayCount(r.from, r.to) * COMPARISON_MIN_SHARE - 1e-9);
}

/** Why a comparison is not shown: which side has too few valid days. */
export interface Incomparable {
  side: 'current' | 'previous';
  validDays: number;
  days: number;
  needed: number;
}

/**
 * Whether two periods' figures may be compared (同比, 环比): both must have the valid days of
 * `comparisonMinValidDays`. Returns null when they may, else why not (the previous side first, the usual case).
 */
export function whyIncomparable(
  current: { range: DateRange; validDays: number },
  previous: { range: DateRange; validDays: number },
): Incomparable | null {
  for (const [side, p] of [
    ['previous', previous],
    ['current', current],
  ] as const) {
    const needed = comparisonMinValidDays(p.range);
    if (p.validDays < needed)
      return { side, validDays: p.validDays, days: dayCount(p.range.from, p.range.to), needed };
  }
  return null;
}
