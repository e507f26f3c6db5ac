/**
 * Data-validity minimums (数据有效性规定). GB 3095-2026 表4 [P]; GB 3095-2012 表4 has the same
 * wording [M]. Daily max 8-h O3: HJ 663-2013 §6.1.2 and HJ 663-2026 §6.1.2 [S].
 */
import { daysInMonth, type IsoDate, monthKey, monthOf, yearOf } from '../time/calendar.ts';

export const VALIDITY = {
  /** GB 3095 表4: SO2, NO2, CO, PM10, PM2.5 daily mean needs ≥ 20 hourly values. */
  dailyMeanMinHours: 20,
  /** GB 3095 表4: O3 8-h mean needs ≥ 6 hourly values in the 8 h. */
  o3WindowMinHours: 6,
  /** HJ 663 §6.1.2: daily max 8-h needs ≥ 14 valid 8-h values (of 17: ending 8:00…24:00). */
  o3Mda8MinWindows: 14,
  /** HJ 663 §3.3 convention: 17 windows fully inside the natural day. */
  o3Mda8Windows: 17,
  /**
   * O3 daily max 1-h (2012 daily report only): no explicit rule found; the daily-mean minimum
   * (20 h) is applied by analogy, with the same over-limit exception as MDA8. [M]
   */
  o3Max1hMinHours: 20,
  /** GB 3095 表4: ≥ 27 daily values per month. */
  monthMinDays: 27,
  /** GB 3095 表4: February ≥ 25 daily values. */
  februaryMinDays: 25,
  /** GB 3095 表4: ≥ 324 daily values per year. */
  yearMinDays: 324,
} as const;

/** GB 3095 表4: daily mean of SO2/NO2/CO/PM10/PM2.5 valid with ≥ 20 hourly values. */
export function isDailyMeanValid(validHours: number): boolean {
  return validHours >= VALIDITY.dailyMeanMinHours;
}

/** GB 3095 表4: an 8-h O3 mean is valid with ≥ 6 hourly values. */
export function isO3WindowValid(validHours: number): boolean {
  return validHours >= VALIDITY.o3WindowMinHours;
}

/**
 * HJ 663-2013/2026 §6.1.2: MDA8 valid with ≥ 14 valid 8-h values; with fewer it still counts
 * when it exceeds the limit, because more data could only raise it.
 */
export function isMda8Valid(validWindows: number, mda8: number | null, o3_8hLimit: number): boolean {
  if (mda8 === null || validWindows === 0) return false;
  return validWindows >= VALIDITY.o3Mda8MinWindows || mda8 > o3_8hLimit;
}

/** O3 daily max 1-h: ≥ 20 h, or over the 1-h limit (by analogy with §6.1.2). [M] */
export function isO3Max1hValid(
  validHours: number,
  max1h: number | null,
  o3_1hLimit: number,
  minHours: number = VALIDITY.o3Max1hMinHours,
): boolean {
  if (max1h === null || validHours === 0) return false;
  return validHours >= minHours || max1h > o3_1hLimit;
}

/** GB 3095 表4: minimum daily values for a calendar month (February 25, others 27). */
export function monthMinDays(month: number): number {
  return month === 2 ? VALIDITY.februaryMinDays : VALIDITY.monthMinDays;
}

/** GB 3095 表4 monthly rule. `month` is 1–12. */
export function isMonthValid(month: number, validDays: number): boolean {
  return validDays >= monthMinDays(month);
}

export interface MonthCoverage {
  /** 'YYYY-MM' */
  month: string;
  validDays: number;
  required: number;
  /** Days of the month inside the period; a partial month cannot be judged. */
  daysInPeriod: number;
  complete: boolean;
  enough: boolean;
}

export interface YearValidity {
  validDays: number;
  required: number;
  /** ≥ 324 daily values (GB 3095 表4). */
  enoughDays: boolean;
  /** Whole months of the year with fewer than 27 (Feb 25) daily values (GB 3095 表4, same row). */
  monthsShort: string[];
  /** Both parts of the annual row of 表4 hold. */
  valid: boolean;
}

/**
 * Per-month coverage of a set of valid dates within [from, to]. Months cut by the period are
 * reported with complete = false and enough = whether they already reach the minimum.
 */
export function monthCoverage(validDates: Iterable<IsoDate>, from: IsoDate, to: IsoDate): MonthCoverage[] {
  const counts = new Map<string, number>();
  for (const d of validDates) {
    if (d < from || d > to) continue;
    const k = monthKey(d);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const out: MonthCoverage[] = [];
  let y = yearOf(from);
  let m = monthOf(from);
  const endKey = monthKey(to);
  for (;;) {
    const key = `${y}-${m < 10 ? `0${m}` : m}`;
    if (key > endKey) break;
    const first = `${key}-01`;
    const last = `${key}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
    const a = first < from ? from : first;
    const b = last > to ? to : last;
    const daysIn = Number(b.slice(8)) - Number(a.slice(8)) + 1;
    const validDays = counts.get(key) ?? 0;
    out.push({
      month: key,
      validDays,
      required: monthMinDays(m),
      daysInPeriod: daysIn,
      complete: a === first && b === last,
      enough: validDays >= monthMinDays(m),
    });
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** GB 3095 表4 annual row: ≥ 324 daily values and every month ≥ 27 (February ≥ 25). */
export function checkYearValidity(validDates: Iterable<IsoDate>, year: number): YearValidity {
  const cov = monthCoverage(validDates, `${year}-01-01`, `${year}-12-31`);
  const validDays = cov.reduce((s, c) => s + c.validDays, 0);
  const monthsShort = cov.filter((c) => !c.enough).map((c) => c.month);
  const enoughDays = validDays >= VALIDITY.yearMinDays;
  return {
    validDays,
    required: VALIDITY.yearMinDays,
    enoughDays,
    monthsShort,
    valid: enoughDays && monthsShort.length === 0,
  };
}
