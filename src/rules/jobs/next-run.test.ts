import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { checkRecurrence, nextOccurrence } from './next-run.ts';

const at = (iso: string) => Date.parse(iso);

describe('nextOccurrence (cron in Asia/Shanghai)', () => {
  it.each([
    // 16:04Z is 00:04 Beijing on 12-06: the run is a minute later, 00:05 Beijing.
    ['5 0 * * *', '2026-12-05T16:04:00Z', '2026-12-05T16:05:00Z'],
    // Exactly at the occurrence: the next one, a day on.
    ['5 0 * * *', '2026-12-05T16:05:00Z', '2026-12-06T16:05:00Z'],
    // Across a month end: 2026-11-30 23:00 Beijing → 12-01 00:05 Beijing.
    ['5 0 * * *', '2026-11-30T15:00:00Z', '2026-11-30T16:05:00Z'],
    // Monthly at Beijing midnight of the 1st, across the year end.
    ['0 0 1 * *', '2026-12-05T00:00:00Z', '2026-12-31T16:00:00Z'],
  ])('%s after %s is %s', (cron, after, expected) => {
    expect(new Date(nextOccurrence({ cron }, at(after))).toISOString()).toBe(
      new Date(at(expected)).toISOString(),
    );
  });

  it('reads the expression in the zone it is given', () => {
    expect(nextOccurrence({ cron: '5 0 * * *', timezone: 'UTC' }, at('2026-12-05T16:04:00Z'))).toBe(
      at('2026-12-06T00:05:00Z'),
    );
  });

  it('refuses a malformed expression', () => {
    expect(() => checkRecurrence({ cron: 'every day' })).toThrow(/five, six, or seven/);
  });
});

describe('nextOccurrence (interval)', () => {
  it('keeps the phase of its anchor and skips missed occurrences', () => {
    expect(nextOccurrence({ everyMs: 1000 }, 10_500, 0)).toBe(11_000);
    expect(nextOccurrence({ everyMs: 1000 }, 11_000, 0)).toBe(12_000);
    expect(nextOccurrence({ everyMs: 1000 }, 5, 100)).toBe(100);
    expect(nextOccurrence({ everyMs: 1000 }, 5)).toBe(1005);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap; jitter only shortens', () => {
    const b = { baseMs: 1000, capMs: 5000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, b))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(2, { ...b, jitter: 0.5 }, 0.5)).toBe(1500);
  });
});
