import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInRange } from '../time/calendar.ts';
import { periodReport, periodStats } from './period-stats.ts';
import { rec } from './test-daily-record.ts';

// Sand-dust and exceptional days: every report gives the deducted figures (the headline) and the actual ones.
// With no marked day inside the period the two must be the same figures.
const value = (max: number) => fc.option(fc.double({ min: 0, max, noNaN: true }), { nil: null, freq: 8 });
const day = fc.record({
  SO2: value(300),
  NO2: value(200),
  PM10: value(600),
  pm25: value(500),
  CO: value(10),
  O3: value(400),
  aqi: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null, freq: 8 }),
});

describe('deducted and actual figures', () => {
  it('agree when no day is excluded (marks outside the period change nothing)', () => {
    fc.assert(
      fc.property(
        // Both rule sets: periods from 2025-12 to 2026-05, across 2026-03-01.
        fc.integer({ min: 0, max: 150 }),
        fc.array(day, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        (start, values, marksOutside) => {
          const from = addDays('2025-12-01', start);
          const dates = daysInRange(from, addDays(from, values.length - 1));
          const records = dates.map((d, i) => rec(d, values[i]));
          const to = dates[dates.length - 1] as string;
          // Marks before the period and after it: none inside.
          const marks = marksOutside.flatMap((k) => [addDays(from, -k), addDays(to, k)]);
          const r = periodReport(records, { sandDustDates: marks });
          expect(r.whole.sandDustDays).toBe(0);
          expect(r.actual).toEqual(r.whole);
          expect(r.whole).toEqual(periodReport(records, { from, to }).whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the actual figures equal the figures of the same days with no mark at all', () => {
    fc.assert(
      fc.property(fc.array(day, { minLength: 2, maxLength: 40 }), fc.nat(), (values, k) => {
        const dates = daysInRange('2026-04-01', addDays('2026-04-01', values.length - 1));
        const records = dates.map((d, i) => rec(d, values[i]));
        const mark = dates[k % dates.length] as string;
        const r = periodReport(records, { sandDustDates: [mark] });
        expect(r.whole.sandDustDays).toBe(1);
        expect(r.actual).toEqual(periodStats(records, { from: dates[0], to: dates[dates.length - 1] }));
        expect(r.actual.validDays).toBeGreaterThanOrEqual(r.whole.validDays);
      }),
      { numRuns: 100 },
    );
  });
});
