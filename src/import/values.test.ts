import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConcentration, parseLocalHour, shanghaiHourStart } from './values.ts';

describe('parseConcentration', () => {
  it.each([
    ['35', false, 35],
    ['0.8', false, 0.8],
    ['300', true, 0.3],
    ['1234.5', true, 1.2345],
    ['5', true, 0.005],
    ['1700', true, 1.7],
    ['0', true, 0],
  ])('%s (÷1000: %s) → %s', (text, milli, value) => {
    expect(parseConcentration(text, milli)).toBe(value);
  });

  it.each(['', 'abc', '1e3', '0x10', ' 12', '1.', '.5', '-3', 'NaN', 'Infinity'])('refuses "%s"', (text) => {
    expect(typeof parseConcentration(text)).toBe('object');
  });

  it('divides by 1000 exactly: the same double as the decimal written with e-3', () => {
    const decimal = fc
      .tuple(fc.nat({ max: 10_000_000 }), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
      .map(([whole, frac]) => (frac === undefined ? `${whole}` : `${whole}.${frac}`));
    fc.assert(
      fc.property(decimal, (text) => {
        expect(parseConcentration(text, true)).toBe(Number(`${text}e-3`));
      }),
    );
  });
});

describe('local Asia/Shanghai hours', () => {
  it('is UTC+8 with no daylight saving', () => {
    expect(shanghaiHourStart(2013, 3, 1, 0)).toBe(Date.parse('2013-02-28T16:00:00Z'));
    expect(shanghaiHourStart(2024, 7, 1, 12)).toBe(Date.parse('2024-07-01T04:00:00Z'));
    expect(parseLocalHour('2024-02-29 23:00')).toBe(Date.parse('2024-02-29T15:00:00Z'));
  });

  it.each([
    [2013, 2, 29, 0],
    [2024, 13, 1, 0],
    [2024, 4, 31, 0],
    [2024, 1, 1, 24],
    [2024, 1, 0, 0],
  ])('refuses %s-%s-%s hour %s', (y, m, d, h) => {
    expect(shanghaiHourStart(y, m, d, h)).toBeUndefined();
  });

  it.each(['2024-01-01', '2024-01-01 00:30', '2024/01/01 00:00', '2024-01-01 25:00'])(
    'refuses "%s"',
    (text) => {
      expect(typeof parseLocalHour(text)).toBe('object');
    },
  );
});
