/**
 * Calendar arithmetic shared by every context (moved from src/rules/air in issue 14; names unchanged, and
 * src/rules/air/index.ts still re-exports them). Days, months and years are those of Asia/Shanghai
 * (GB 3095-2026 §3: "自然日", calendar month/quarter/year). China has used UTC+8 without DST
 * since 1991, so a fixed +8 h offset is exact for every date this platform handles.
 */

/** 'YYYY-MM-DD' in Asia/Shanghai. */
export type IsoDate = string;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Asia/Shanghai = UTC+8, no DST since 1991. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export interface DateRange {
  /** First day, inclusive. */
  from: IsoDate;
  /** Last day, inclusive. */
  to: IsoDate;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Day number (days since 1970-01-01) of a calendar date; the time zone does not enter here. */
export function dayNumber(date: IsoDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC silently rolls 2025-02-30 over to March; reject it instead.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`no such date: ${date}`);
  }
  return Math.round(ms / DAY_MS);
}

/** Calendar date of a day number. */
export function dateOfDayNumber(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The Shanghai calendar date containing the instant `ms`. */
export function dateOf(ms: number): IsoDate {
  return dateOfDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** Epoch ms of 00:00 Shanghai time on `date`. */
export function startOfDay(date: IsoDate): number {
  return dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function addDays(date: IsoDate, n: number): IsoDate {
  return dateOfDayNumber(dayNumber(date) + n);
}

/** Number of days from `from` to `to`, both inclusive (0 if to < from). */
export function dayCount(from: IsoDate, to: IsoDate): number {
  return Math.max(0, dayNumber(to) - dayNumber(from) + 1);
}

/** Every date from `from` to `to`, both inclusive. */
export function daysInRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const out: IsoDate[] = [];
  for (let n = a; n <= b; n++) out.push(dateOfDayNumber(n));
  return out;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** month is 1–12. */
export function monthRange(year: number, month: number): DateRange {
  return {
    from: `${year}-${pad2(month)}-01`,
    to: `${year}-${pad2(month)}-${pad2(daysInMonth(year, month))}`,
  };
}

/** quarter is 1–4. */
export function quarterRange(year: number, quarter: number): DateRange {
  const first = (quarter - 1) * 3 + 1;
  return { from: monthRange(year, first).from, to: monthRange(year, first + 2).to };
}

export function yearRange(year: number): DateRange {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** 1–12 */
export function monthOf(date: IsoDate): number {
  return Number(date.slice(5, 7));
}

/** 'YYYY-MM' */
export function monthKey(date: IsoDate): string {
  return date.slice(0, 7);
}

/** True when the range is exactly one whole calendar month. */
export function isWholeMonth(r: DateRange): boolean {
  const y = yearOf(r.from);
  const m = monthOf(r.from);
  const full = monthRange(y, m);
  return full.from === r.from && full.to === r.to;
}

/** True when the range is exactly one whole calendar year. */
export function isWholeYear(r: DateRange): boolean {
  const full = yearRange(yearOf(r.from));
  return full.from === r.from && full.to === r.to;
}

/**
 * A named period as used in bulletins: '2025' (year), '2025-06' (month), '2025Q2' (quarter), 'ytd' (year to
 * date, 1 January to `today`), 'mtd' (month to date). Returns undefined for anything else.
 */
export function periodRange(spec: string, today: IsoDate): DateRange | undefined {
  const s = spec.trim().toLowerCase();
  if (s === 'ytd') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  if (s === 'mtd') return { from: `${today.slice(0, 7)}-01`, to: today };
  let m = /^(\d{4})$/.exec(s);
  if (m) return yearRange(Number(m[1]));
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(s);
  if (m) return monthRange(Number(m[1]), Number(m[2]));
  m = /^(\d{4})q([1-4])$/.exec(s);
  if (m) return quarterRange(Number(m[1]), Number(m[2]));
  return undefined;
}
