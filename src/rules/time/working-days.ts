/**
 * The working-day calendar (工作日): Monday to Friday, except the official holidays (放假), plus the weekend days
 * the State Council declares make-up working days (调休上班). Ticket clocks (12345: 签收 within 1 working day,
 * 办结 within 7 or 15) count these days; the complaint users repeat for years is a clock that ignores them.
 *
 * The calendar knows only the years whose schedule it is given. A date in any other year is not guessed to be
 * ordinary: every function throws NoScheduleError, so the caller can say that the office has not entered that
 * year's schedule yet (the State Council publishes the next year's each autumn; cn-holiday-schedules.ts holds the
 * published ones, and a schedule the office enters later has the same shape, YearSchedule).
 *
 * Dates are Asia/Shanghai calendar dates (calendar.ts); nothing here depends on the time of day.
 */
import { addDays, dateOfDayNumber, dayNumber, type IsoDate, yearOf } from './calendar.ts';

/** Where a year's schedule comes from: the notice that published it. */
export interface ScheduleSource {
  /** e.g. 国务院办公厅关于2025年部分节假日安排的通知 */
  title: string;
  /** 文号, e.g. 国办发明电〔2024〕12号 (empty if the office enters one without a number). */
  reference: string;
  /** Date the notice was issued. */
  published: IsoDate;
  url?: string;
}

/**
 * One calendar year's schedule, as published (and as the office would enter and store it): every holiday date
 * (放假, including the weekend days inside a holiday block) and every make-up working day (调休上班). All dates
 * lie in `year`; a holiday block that starts in the year before (2023's New Year began on 2022-12-31) belongs,
 * for that earlier day, to the earlier year's schedule.
 */
export interface YearSchedule {
  year: number;
  holidays: readonly IsoDate[];
  makeUpWorkdays: readonly IsoDate[];
  source?: ScheduleSource;
}

/** The schedules a calendar knows, any order, one per year. */
export type HolidaySchedules = readonly YearSchedule[];

/** A date in a year whose schedule has not been entered. */
export class NoScheduleError extends Error {
  override name = 'NoScheduleError';
  readonly code = 'no_schedule';
  constructor(
    readonly year: number,
    readonly date: IsoDate,
  ) {
    super(
      `尚未录入 ${year} 年节假日安排 / no holiday schedule for ${year} (date ${date}): ` +
        `the office has not entered the ${year} schedule yet`,
    );
  }
}

interface CompiledCalendar {
  years: ReadonlySet<number>;
  holidays: ReadonlySet<number>;
  makeUp: ReadonlySet<number>;
}

// Compiled once per schedules array (they are data and not changed after they are built).
const compiled = new WeakMap<HolidaySchedules, CompiledCalendar>();

function compile(schedules: HolidaySchedules): CompiledCalendar {
  const hit = compiled.get(schedules);
  if (hit) return hit;
  const years = new Set<number>();
  const holidays = new Set<number>();
  const makeUp = new Set<number>();
  for (const s of schedules) {
    const problems = scheduleProblems(s);
    if (problems.length > 0) throw new RangeError(`invalid ${s.year} schedule: ${problems.join('; ')}`);
    if (years.has(s.year)) throw new RangeError(`two schedules for ${s.year}`);
    years.add(s.year);
    for (const d of s.holidays) holidays.add(dayNumber(d));
    for (const d of s.makeUpWorkdays) makeUp.add(dayNumber(d));
  }
  const out = { years, holidays, makeUp };
  compiled.set(schedules, out);
  return out;
}

/** 0 = Sunday … 6 = Saturday (day 0, 1970-01-01, was a Thursday). */
export function dayOfWeek(date: IsoDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

function isWeekendDay(n: number): boolean {
  const dow = (((n + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6;
}

/**
 * What is wrong with a schedule as entered (empty when nothing): a malformed date, a date outside its year, a
 * date both holiday and make-up day, or a make-up working day that is not a Saturday or Sunday (a weekday is a
 * working day anyway, so such an entry is surely a typing mistake).
 */
export function scheduleProblems(s: YearSchedule): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(s.year) || s.year < 1970 || s.year > 9999) problems.push(`bad year ${s.year}`);
  const check = (d: IsoDate, what: string): number | undefined => {
    let n: number;
    try {
      n = dayNumber(d);
    } catch {
      problems.push(`${what} ${d} is not a YYYY-MM-DD date`);
      return undefined;
    }
    if (yearOf(d) !== s.year) problems.push(`${what} ${d} is not in ${s.year}`);
    return n;
  };
  const holidays = new Set<number>();
  for (const d of s.holidays) {
    const n = check(d, 'holiday');
    if (n !== undefined) holidays.add(n);
  }
  for (const d of s.makeUpWorkdays) {
    const n = check(d, 'make-up working day');
    if (n === undefined) continue;
    if (holidays.has(n)) problems.push(`${d} is both a holiday and a make-up working day`);
    if (!isWeekendDay(n)) problems.push(`make-up working day ${d} is not a Saturday or Sunday`);
  }
  return problems;
}

function isWorkingDayNumber(n: number, cal: CompiledCalendar): boolean {
  const date = dateOfDayNumber(n);
  const year = yearOf(date);
  if (!cal.years.has(year)) throw new NoScheduleError(year, date);
  if (cal.holidays.has(n)) return false;
  if (cal.makeUp.has(n)) return true;
  return !isWeekendDay(n);
}

/** Whether `date` is a working day; throws NoScheduleError for a year without a schedule. */
export function isWorkingDay(date: IsoDate, schedules: HolidaySchedules): boolean {
  return isWorkingDayNumber(dayNumber(date), compile(schedules));
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a count of days: ${n}`);
}

/**
 * The n-th working day after `from` (`from` itself does not count, whether or not it is a working day): a case
 * handed over on 2025-09-30 with 1 working day to sign for it is due 2025-10-09. n = 0 gives `from`.
 */
export function addWorkingDays(from: IsoDate, n: number, schedules: HolidaySchedules): IsoDate {
  checkCount(n);
  const cal = compile(schedules);
  let day = dayNumber(from);
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDayNumber(day, cal)) left--;
  }
  return dateOfDayNumber(day);
}

/**
 * Working days in (a, b]: after a, up to and including b, so workingDaysBetween(from, addWorkingDays(from, n))
 * is n. Negative when b is before a (how many working days a due date lies in the past).
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate, schedules: HolidaySchedules): number {
  const cal = compile(schedules);
  const x = dayNumber(a);
  const y = dayNumber(b);
  const [lo, hi, sign] = x <= y ? [x, y, 1] : [y, x, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (isWorkingDayNumber(d, cal)) count++;
  return count === 0 ? 0 : sign * count; // never -0
}

/**
 * The n-th calendar day after `from` (自然日: 12369 reports within 60 days); needs no schedule. n = 0 gives
 * `from`.
 */
export function addCalendarDays(from: IsoDate, n: number): IsoDate {
  checkCount(n);
  return addDays(from, n); // dayNumber inside rejects a malformed date
}

/** The years `schedules` covers, ascending. */
export function scheduledYears(schedules: HolidaySchedules): number[] {
  return [...compile(schedules).years].sort((a, b) => a - b);
}
