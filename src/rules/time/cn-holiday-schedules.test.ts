import { describe, expect, it } from 'vitest';
import { daysInRange, yearRange } from './calendar.ts';
import { CN_HOLIDAY_SCHEDULES } from './cn-holiday-schedules.ts';
import {
  addWorkingDays,
  dayOfWeek,
  isWorkingDay,
  scheduleProblems,
  workingDaysBetween,
} from './working-days.ts';

const S = CN_HOLIDAY_SCHEDULES;

/**
 * The notices' text, written out here independently of the data file: holiday blocks (first, last) and make-up
 * working days. The tests compare every day of the year with it.
 */
const NOTICES: Record<number, { blocks: [string, string][]; makeUp: string[] }> = {
  // 国办发明电〔2024〕12号
  2025: {
    blocks: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
    ],
    makeUp: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  // 国办发明电〔2025〕7号
  2026: {
    blocks: [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
    makeUp: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

describe.each([2025, 2026])('the published %i schedule, day by day', (year) => {
  const notice = NOTICES[year] as { blocks: [string, string][]; makeUp: string[] };
  const off = new Set(notice.blocks.flatMap(([a, b]) => daysInRange(a, b)));
  const makeUp = new Set(notice.makeUp);

  it('every day of the year is a working day exactly when the notice makes it one', () => {
    const { from, to } = yearRange(year);
    const wrong = daysInRange(from, to).filter((d) => {
      const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
      const expected = makeUp.has(d) || (!weekend && !off.has(d));
      return isWorkingDay(d, S) !== expected;
    });
    expect(wrong).toEqual([]);
  });

  it('has 248 working days: 365 days less 104 weekend days less 13 statutory holidays (放假办法 2024)', () => {
    expect(workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`, S)).toBe(248);
  });

  it.each(notice.makeUp)('make-up day %s is a Saturday or Sunday and counts as a working day', (d) => {
    expect([0, 6]).toContain(dayOfWeek(d));
    expect(isWorkingDay(d, S)).toBe(true);
  });
});

describe('around every 2025 holiday and make-up day', () => {
  it.each([
    // [from, n, due, why]
    ['2024-12-31', 1, '2025-01-02', '元旦 1 Jan (Wed) only'],
    ['2025-01-24', 1, '2025-01-26', 'Sunday 26 Jan is a make-up working day'],
    ['2025-01-26', 1, '2025-01-27', 'Monday before Spring Festival'],
    ['2025-01-27', 1, '2025-02-05', 'Spring Festival 28 Jan – 4 Feb'],
    ['2025-02-07', 1, '2025-02-08', 'Saturday 8 Feb is a make-up working day'],
    ['2025-02-08', 1, '2025-02-10', 'Sunday 9 Feb is not'],
    ['2025-04-03', 1, '2025-04-07', '清明 4–6 Apr'],
    ['2025-04-25', 1, '2025-04-27', 'Sunday 27 Apr is a make-up working day'],
    ['2025-04-30', 1, '2025-05-06', 'Labour Day 1–5 May'],
    ['2025-05-30', 1, '2025-06-03', '端午 31 May – 2 Jun'],
    ['2025-09-26', 1, '2025-09-28', 'Sunday 28 Sep is a make-up working day'],
    ['2025-09-30', 1, '2025-10-09', 'National Day and Mid-Autumn 1–8 Oct'],
    ['2025-09-30', 3, '2025-10-11', 'Saturday 11 Oct is a make-up working day'],
    ['2025-10-11', 1, '2025-10-13', 'Sunday 12 Oct is not'],
    ['2025-09-30', 7, '2025-10-16', 'a 7-working-day 12345 ticket handed over before the holiday'],
  ] as const)('%s + %i working day(s) = %s (%s)', (from, n, due, _why) => {
    expect(addWorkingDays(from, n, S)).toBe(due);
    expect(workingDaysBetween(from, due, S)).toBe(n);
  });

  it.each([
    ['2024-12-31', true],
    ['2025-01-01', false],
    ['2025-01-02', true],
    ['2025-01-26', true],
    ['2025-01-27', true],
    ['2025-01-28', false],
    ['2025-02-04', false],
    ['2025-02-05', true],
    ['2025-02-08', true],
    ['2025-04-03', true],
    ['2025-04-04', false],
    ['2025-04-07', true],
    ['2025-04-27', true],
    ['2025-04-30', true],
    ['2025-05-05', false],
    ['2025-05-06', true],
    ['2025-05-30', true],
    ['2025-06-02', false],
    ['2025-06-03', true],
    ['2025-09-28', true],
    ['2025-09-30', true],
    ['2025-10-01', false],
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true],
    ['2025-10-12', false],
  ] as const)('%s working: %s', (date, working) => {
    expect(isWorkingDay(date, S)).toBe(working);
  });
});

describe('around every 2026 holiday and make-up day', () => {
  it.each([
    ['2025-12-31', 1, '2026-01-04', '元旦 1–3 Jan; Sunday 4 Jan is a make-up working day'],
    ['2026-01-04', 1, '2026-01-05', 'then the ordinary Monday'],
    ['2026-02-13', 1, '2026-02-14', 'Saturday 14 Feb is a make-up working day'],
    ['2026-02-14', 1, '2026-02-24', 'Spring Festival 15–23 Feb (9 days)'],
    ['2026-02-27', 1, '2026-02-28', 'Saturday 28 Feb is a make-up working day'],
    ['2026-02-28', 1, '2026-03-02', 'Sunday 1 Mar is not'],
    ['2026-04-03', 1, '2026-04-07', '清明 4–6 Apr'],
    ['2026-04-30', 1, '2026-05-06', 'Labour Day 1–5 May'],
    ['2026-05-08', 1, '2026-05-09', 'Saturday 9 May is a make-up working day'],
    ['2026-05-09', 1, '2026-05-11', 'Sunday 10 May is not'],
    ['2026-06-18', 1, '2026-06-22', '端午 19–21 Jun'],
    ['2026-09-18', 1, '2026-09-20', 'Sunday 20 Sep is a make-up working day'],
    ['2026-09-24', 1, '2026-09-28', 'Mid-Autumn 25–27 Sep'],
    ['2026-09-30', 1, '2026-10-08', 'National Day 1–7 Oct'],
    ['2026-09-30', 3, '2026-10-10', 'Saturday 10 Oct is a make-up working day'],
    ['2026-10-10', 1, '2026-10-12', 'Sunday 11 Oct is not'],
    ['2026-02-13', 15, '2026-03-12', 'a complex 12345 ticket across Spring Festival'],
  ] as const)('%s + %i working day(s) = %s (%s)', (from, n, due, _why) => {
    expect(addWorkingDays(from, n, S)).toBe(due);
    expect(workingDaysBetween(from, due, S)).toBe(n);
  });

  it.each([
    ['2025-12-31', true],
    ['2026-01-01', false],
    ['2026-01-03', false],
    ['2026-01-04', true],
    ['2026-02-13', true],
    ['2026-02-14', true],
    ['2026-02-15', false],
    ['2026-02-23', false],
    ['2026-02-24', true],
    ['2026-02-28', true],
    ['2026-04-03', true],
    ['2026-04-06', false],
    ['2026-04-07', true],
    ['2026-04-30', true],
    ['2026-05-01', false],
    ['2026-05-05', false],
    ['2026-05-06', true],
    ['2026-05-09', true],
    ['2026-06-18', true],
    ['2026-06-19', false],
    ['2026-06-22', true],
    ['2026-09-20', true],
    ['2026-09-24', true],
    ['2026-09-25', false],
    ['2026-09-28', true],
    ['2026-09-30', true],
    ['2026-10-01', false],
    ['2026-10-07', false],
    ['2026-10-08', true],
    ['2026-10-10', true],
    ['2026-10-11', false],
  ] as const)('%s working: %s', (date, working) => {
    expect(isWorkingDay(date, S)).toBe(working);
  });
});

describe('the 2023 and 2024 schedules', () => {
  it('2024 (国办发明电〔2023〕7号) has 251 working days: 366 − 104 − 11 statutory holidays', () => {
    expect(workingDaysBetween('2023-12-31', '2024-12-31', S)).toBe(251);
  });

  it('2023 (国办发明电〔2022〕16号) has 249 working days: 365 − 105 weekend days − 11 (New Year on a Sunday)', () => {
    expect(workingDaysBetween('2022-12-31', '2023-12-31', S)).toBe(249);
  });

  it.each([
    ['2023-01-20', 1, '2023-01-28', 'Spring Festival 21–27 Jan 2023, Saturday 28 Jan works'],
    ['2023-09-28', 1, '2023-10-07', 'Mid-Autumn and National Day 29 Sep – 6 Oct 2023, Saturday 7 Oct works'],
    ['2024-02-09', 1, '2024-02-18', '除夕 9 Feb 2024 works; Spring Festival 10–17 Feb; Sunday 18 Feb works'],
    ['2024-09-13', 1, '2024-09-14', 'Saturday 14 Sep 2024 works (Mid-Autumn)'],
  ] as const)('%s + %i = %s (%s)', (from, n, due, _why) => {
    expect(addWorkingDays(from, n, S)).toBe(due);
  });
});

describe('the data', () => {
  it.each(S.map((s) => [s.year, s] as const))('%i: consistent, and cites its notice', (year, s) => {
    expect(scheduleProblems(s)).toEqual([]);
    expect(s.source?.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
    expect(s.source?.reference).toMatch(new RegExp(`^国办发明电〔${year - 1}〕\\d+号$`));
    expect(s.source?.published.startsWith(String(year - 1))).toBe(true);
  });
});
