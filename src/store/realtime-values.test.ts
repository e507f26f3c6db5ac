import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MeasurementInput } from './measurements.repository.ts';
import { readingsJson, uniqueRealtimeRows } from './realtime-values.repository.ts';

const value = fc.record({
  parameter: fc.constantFrom('PM2.5', 'PM10', 'CO', 'a"b', '温度', '12'),
  value: fc.oneof(fc.double(), fc.constant(null), fc.constant(undefined)),
  flag: fc.oneof(fc.constantFrom('N', 'D', 'T', '"'), fc.constant(null), fc.constant(undefined)),
});

describe('readingsJson', () => {
  it('is what JSON.stringify gives for {parameter: [value, flag]}, a repeated parameter keeping its last value', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), (vs) => {
        const rows: MeasurementInput[] = vs.map((v) => ({
          site_id: 1,
          period: 'raw',
          time: 0,
          source: 'hj212',
          parameter: v.parameter,
          ...(v.value !== undefined ? { value: v.value } : {}),
          ...(v.flag !== undefined ? { flag: v.flag } : {}),
        }));
        const model: Record<string, [number | null, string | null]> = {};
        for (const r of rows) model[r.parameter] = [r.value ?? null, r.flag ?? null];
        expect(JSON.parse(readingsJson(rows))).toEqual(JSON.parse(JSON.stringify(model)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('uniqueRealtimeRows', () => {
  it('merges rows of one site and instant in order, the later reading and row winning', () => {
    const row = (site: number, time: number, readings: object, at: number) => ({
      site_id: site,
      time,
      readings: JSON.stringify(readings),
      source: 'hj212',
      received_at: at,
    });
    const merged = uniqueRealtimeRows([
      row(1, 0, { PM10: [60, 'N'], CO: [0.5, 'N'] }, 1),
      row(2, 0, { PM10: [70, 'N'] }, 1),
      row(1, 0, { PM10: [61, 'D'] }, 2),
    ]);
    expect(merged.map((r) => [r.site_id, JSON.parse(r.readings), r.received_at])).toEqual([
      [1, { PM10: [61, 'D'], CO: [0.5, 'N'] }, 2],
      [2, { PM10: [70, 'N'] }, 1],
    ]);
  });
});
