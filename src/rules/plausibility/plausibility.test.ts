import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPacket,
  checkTime,
  checkValue,
  describeImplausibility,
  type ImplausibilityCode,
  implausibilityReason,
  type PlausibilityPolicy,
  policyFor,
} from './plausibility.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 1, 2); // 2026-05-01 10:00 Beijing
const POLICY: PlausibilityPolicy = {
  backfillMs: 90 * DAY,
  clockSkewMs: 10 * MIN,
  ranges: { 'PM2.5': { min: 0, max: 2000 }, CO: { min: 0, max: 100 } },
};

describe('checkTime', () => {
  const cases: [string, number, ImplausibilityCode | undefined][] = [
    ['now', NOW, undefined],
    ['the hour that started 59 min ago', NOW - 59 * MIN, undefined],
    ['exactly the skew ahead', NOW + 10 * MIN, undefined],
    ['one ms beyond the skew', NOW + 10 * MIN + 1, 'time-ahead'],
    ['2099', Date.UTC(2099, 0, 1), 'time-ahead'],
    ['9999-12-31 23:00 Beijing', Date.UTC(9999, 11, 31, 15), 'time-ahead'],
    ['exactly the back-fill window old', NOW - 90 * DAY, undefined],
    ['one ms older than the window', NOW - 90 * DAY - 1, 'time-too-old'],
    ['1970', 0, 'time-too-old'],
    ['not a number', Number.NaN, 'time-ahead'],
  ];
  it.each(cases)('%s', (_, dataTime, code) => {
    expect(checkTime(dataTime, NOW, POLICY)?.code).toBe(code);
  });
});

describe('checkValue', () => {
  const cases: [string, string, number | null, ImplausibilityCode | undefined][] = [
    ['an ordinary PM2.5', 'PM2.5', 35, undefined],
    ['zero', 'PM2.5', 0, undefined],
    ['the upper bound itself', 'PM2.5', 2000, undefined],
    ['just above it', 'PM2.5', 2000.001, 'value-out-of-range'],
    ['negative', 'PM2.5', -1, 'value-out-of-range'],
    ['1e308', 'PM2.5', 1e308, 'value-out-of-range'],
    ['Infinity', 'CO', Number.POSITIVE_INFINITY, 'value-not-finite'],
    ['NaN', 'CO', Number.NaN, 'value-not-finite'],
    ['empty field', 'CO', null, undefined],
    ['a parameter without a range: finite passes', 'a01006', 1e12, undefined],
    ['a parameter without a range: infinite fails', 'a01006', Number.NEGATIVE_INFINITY, 'value-not-finite'],
  ];
  it.each(cases)('%s', (_, parameter, value, code) => {
    expect(checkValue({ parameter, value }, POLICY)?.code).toBe(code);
  });
});

describe('policyFor', () => {
  it('overrides per device, range by range, and keeps the rest', () => {
    const quarry = policyFor(POLICY, { backfillMs: 400 * DAY, ranges: { 'PM2.5': { min: 0, max: 20000 } } });
    expect(quarry.backfillMs).toBe(400 * DAY);
    expect(quarry.clockSkewMs).toBe(POLICY.clockSkewMs);
    expect(quarry.ranges.CO).toEqual(POLICY.ranges.CO);
    expect(checkValue({ parameter: 'PM2.5', value: 5000 }, quarry)).toBeUndefined();
    expect(checkValue({ parameter: 'PM2.5', value: 5000 }, POLICY)?.code).toBe('value-out-of-range');
    expect(policyFor(POLICY)).toBe(POLICY);
  });
});

describe('reasons', () => {
  it('say what is wrong in Chinese and English, codes first', () => {
    const found = checkPacket(
      {
        dataTime: Date.UTC(9999, 11, 31, 15),
        receivedAt: NOW,
        values: [{ parameter: 'PM2.5', value: 1e308 }],
      },
      POLICY,
    );
    const reason = implausibilityReason(found);
    expect(reason).toMatch(
      /^implausible time-ahead,value-out-of-range: 数据时间超前接收时间 约 7974 年（允许 10 分钟）/,
    );
    expect(reason).toContain('PM2.5 数值 1.000e+308 超出合理范围 0–2000');
    expect(reason).toContain(' / DataTime about 7974 years ahead of the receiver clock (allowed 10 min); ');
    expect(reason).toContain('PM2.5 value 1.000e+308 outside the plausible range 0–2000');
    expect(describeImplausibility(found[0] as (typeof found)[number]).en).toMatch(
      /ahead of the receiver clock/,
    );
    expect(
      describeImplausibility({ code: 'time-too-old', dataTime: 0, behindMs: 100 * DAY, allowedMs: 90 * DAY }),
    ).toEqual({
      zh: '数据时间早于补传时限：100 天前（允许 90 天）',
      en: 'DataTime 100 days old, beyond the back-fill window (allowed 90 days)',
    });
  });
});

describe('properties', () => {
  const arbValue = fc.oneof(
    fc.double(),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e308, -1e308, 0, 2000),
    fc.constant(null),
  );
  it('a packet is plausible exactly when its time is in the window and every value finite and in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200 * DAY, max: 200 * DAY }),
        fc.array(fc.tuple(fc.constantFrom('PM2.5', 'CO', 'X'), arbValue), { maxLength: 8 }),
        (offset, values) => {
          const packet = {
            dataTime: NOW + offset,
            receivedAt: NOW,
            values: values.map(([parameter, value]) => ({ parameter, value })),
          };
          const found = checkPacket(packet, POLICY);
          const timeOk = offset <= POLICY.clockSkewMs && -offset <= POLICY.backfillMs;
          const valuesOk = packet.values.every((v) => {
            if (v.value === null) return true;
            const r = POLICY.ranges[v.parameter];
            return Number.isFinite(v.value) && (r === undefined || (v.value >= r.min && v.value <= r.max));
          });
          expect(found.length === 0).toBe(timeOk && valuesOk);
          // One finding per bad value, at most one for the time; every reason is printable.
          expect(found.length).toBeLessThanOrEqual(values.length + 1);
          if (found.length > 0)
            expect(implausibilityReason(found)).toMatch(/^implausible [a-z,-]+: .+ \/ .+$/s);
        },
      ),
    );
  });

  it('widening a range never makes a plausible value implausible', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (value, extra) => {
          const wide = policyFor(POLICY, { ranges: { 'PM2.5': { min: -extra, max: 2000 + extra } } });
          if (checkValue({ parameter: 'PM2.5', value }, POLICY) === undefined) {
            expect(checkValue({ parameter: 'PM2.5', value }, wide)).toBeUndefined();
          }
        },
      ),
    );
  });
});
