import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dateOfDayNumber, dayNumber } from './calendar.ts';
import { CN_HOLIDAY_SCHEDULES, CN_SCHEDULE_2026 } from './cn-holiday-schedules.ts';
import {
  addCalendarDays,
  addWorkingDays,
  dayOfWeek,
  isWorkingDay,
  NoScheduleError,
  scheduledYears,
  scheduleProblems,
  workingDaysBetween,
  type YearSchedule,
} from './working-days.ts';

const S = CN_HOLIDAY_SCHEDULES;

describe('a year without a schedule', () => {
  it.each([['2022-06-01'], ['2027-01-04']])(
    '%s is not guessed to be ordinary: NoScheduleError names the year',
    (date) => {
      const err = (() => {
        try {
          isWorkingDay(date, S);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(NoScheduleError);
      expect((err as NoScheduleError).year).toBe(Number(date.slice(0, 4)));
      expect((err as NoScheduleError).code).toBe('no_schedule');
      expect((err as Error).message).toContain(`${date.slice(0, 4)}`);
    },
  );

  it('a clock that runs into 2027 stops with the error rather than counting ordinary weeks', () => {
    expect(() => addWorkingDays('2026-12-25', 10, S)).toThrow(NoScheduleError);
    expect(() => workingDaysBetween('2026-12-01', '2027-01-15', S)).toThrow(/2027/);
  });

  it('the last days of 2026 still count without 2027', () => {
    expect(addWorkingDays('2026-12-29', 2, S)).toBe('2026-12-31');
  });

  it('a schedule the office enters for 2027 is used as it is (the stored shape is YearSchedule)', () => {
    const entered: YearSchedule = {
      year: 2027,
      holidays: ['2027-01-01'],
      makeUpWorkdays: [],
      source: { title: 'test', reference: '', published: '2026-11-01' },
    };
    // As read back from a database: plain JSON.
    const stored = JSON.parse(JSON.stringify([...S, entered])) as YearSchedule[];
    expect(addWorkingDays('2026-12-31', 1, stored)).toBe('2027-01-04');
    expect(scheduledYears(stored)).toEqual([2023, 2024, 2025, 2026, 2027]);
  });
});

describe('the rules', () => {
  it('n = 0 gives the date itself, even a holiday', () => {
    expect(addWorkingDays('2025-10-01', 0, S)).toBe('2025-10-01');
  });

  it('from a holiday or a weekend the first working day after it counts', () => {
    expect(addWorkingDays('2025-10-04', 1, S)).toBe('2025-10-09');
    expect(addWorkingDays('2025-06-07', 1, S)).toBe('2025-06-09');
  });

  it('working days between: (a, b], zero for the same day, negative backwards', () => {
    expect(workingDaysBetween('2025-06-09', '2025-06-09', S)).toBe(0);
    expect(workingDaysBetween('2025-06-09', '2025-06-13', S)).toBe(4);
    expect(workingDaysBetween('2025-06-13', '2025-06-09', S)).toBe(-4);
  });

  it('calendar days (自然日) ignore holidays and need no schedule', () => {
    expect(addCalendarDays('2025-09-30', 60)).toBe('2025-11-29');
    expect(addCalendarDays('2030-01-01', 0)).toBe('2030-01-01');
  });

  it.each([
    [() => addWorkingDays('2025-02-30', 1, S), /no such date/],
    [() => addWorkingDays('2025-1-3', 1, S), /YYYY-MM-DD/],
    [() => addWorkingDays('2025-01-03', -1, S), /count/],
    [() => addWorkingDays('2025-01-03', 1.5, S), /count/],
    [() => addCalendarDays('2025-01-03', -2), /count/],
    [() => isWorkingDay('20250103', S), /YYYY-MM-DD/],
  ])('bad input is a RangeError (%#)', (call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('dayOfWeek: 1970-01-01 was a Thursday, 2025-09-28 a Sunday', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2025-09-28')).toBe(0);
    expect(dayOfWeek('1969-12-31')).toBe(3);
  });
});

describe('a schedule as entered is checked', () => {
  const base: YearSchedule = { year: 2027, holidays: [], makeUpWorkdays: [] };
  it.each([
    [{ ...base, makeUpWorkdays: ['2027-01-05'] }, /not a Saturday or Sunday/],
    [{ ...base, holidays: ['2026-12-31'] }, /not in 2027/],
    [{ ...base, holidays: ['2027-02-30'] }, /not a YYYY-MM-DD date/],
    [{ ...base, holidays: ['2027-01-02'], makeUpWorkdays: ['2027-01-02'] }, /both/],
  ])('%j', (s, problem) => {
    expect(scheduleProblems(s).join('; ')).toMatch(problem);
    expect(() => isWorkingDay('2027-01-04', [s])).toThrow(/invalid 2027 schedule/);
  });

  it('two schedules for one year are refused', () => {
    expect(() => isWorkingDay('2026-01-05', [CN_SCHEDULE_2026, CN_SCHEDULE_2026])).toThrow(/two schedules/);
  });
});

describe('properties over 2023–2026', () => {
  // Starting dates from 2023-01-01 to 2026-09-30 and up to 40 working days: every due date stays in 2026.
  const first = dayNumber('2023-01-01');
  const last = dayNumber('2026-09-30');
  const date = fc.integer({ min: first, max: last }).map(dateOfDayNumber);
  const count = fc.integer({ min: 1, max: 40 });

  it('the due date is a working day, after from, with exactly n working days in (from, due]', () => {
    fc.assert(
      fc.property(date, count, (from, n) => {
        const due = addWorkingDays(from, n, S);
        expect(isWorkingDay(due, S)).toBe(true);
        expect(due > from).toBe(true);
        expect(workingDaysBetween(from, due, S)).toBe(n);
        // and one day less would not have been enough
        expect(workingDaysBetween(from, addDays(due, -1), S)).toBe(n - 1);
      }),
    );
  });

  it('monotone in n, and nothing between two successive due dates is a working day', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 39 }), (from, n) => {
        const a = addWorkingDays(from, n, S);
        const b = addWorkingDays(from, n + 1, S);
        expect(b > a).toBe(true);
        for (let d = addDays(a, 1); d < b; d = addDays(d, 1)) expect(isWorkingDay(d, S)).toBe(false);
      }),
    );
  });

  it('working days between is additive and antisymmetric', () => {
    fc.assert(
      fc.property(date, date, date, (a, b, c) => {
        const ab = workingDaysBetween(a, b, S);
        expect(workingDaysBetween(b, a, S) + ab).toBe(0);
        expect(workingDaysBetween(a, c, S)).toBe(ab + workingDaysBetween(b, c, S));
      }),
      { numRuns: 50 },
    );
  });

  it('calendar days: exactly n days later', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 400 }), (from, n) => {
        expect(dayNumber(addCalendarDays(from, n)) - dayNumber(from)).toBe(n);
      }),
    );
  });
});
