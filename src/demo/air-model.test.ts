import { describe, expect, it } from 'vitest';
import { POLLUTANTS, type Pollutant } from '#rules/air/types.ts';
import { modelMissing, modelValue } from './air-model.ts';

const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;

/** Epoch ms of a local (Asia/Shanghai) wall-clock hour. */
function local(year: number, month: number, day: number, hour = 0): number {
  return Date.UTC(year, month - 1, day, hour) - SHANGHAI;
}

function monthlyMean(pollutant: Pollutant, year: number, month: number, seed: number): number {
  const from = local(year, month, 1);
  const to = month === 12 ? local(year + 1, 1, 1) : local(year, month + 1, 1);
  let sum = 0;
  let n = 0;
  for (let t = from; t < to; t += HOUR) {
    sum += modelValue(pollutant, t, seed);
    n++;
  }
  return sum / n;
}

/** Mean of 14:00–16:00 local over a month. */
function afternoonMean(pollutant: Pollutant, year: number, month: number, seed: number): number {
  let sum = 0;
  let n = 0;
  for (let day = 1; day <= 28; day++) {
    for (const hour of [14, 15, 16]) {
      sum += modelValue(pollutant, local(year, month, day, hour), seed);
      n++;
    }
  }
  return sum / n;
}

describe('demo air model', () => {
  it.each([2024, 2025, 2026])('PM2.5: winter (Dec–Feb) is well above summer (Jun–Aug) (%i)', (year) => {
    const season = (months: number[], seed: number) =>
      months.reduce((sum, m) => sum + monthlyMean('PM2.5', year, m, seed), 0) / months.length;
    for (const seed of [1, 9, 101]) {
      expect(season([1, 2, 12], seed)).toBeGreaterThan(1.5 * season([6, 7, 8], seed));
    }
  });

  it.each([2024, 2025, 2026])('O3: summer afternoons are well above winter afternoons (%i)', (year) => {
    for (const seed of [1, 9, 101]) {
      expect(afternoonMean('O3', year, 7, seed)).toBeGreaterThan(2 * afternoonMean('O3', year, 1, seed));
    }
  });

  it('O3 peaks in the afternoon, not at night, in summer', () => {
    let afternoon = 0;
    let night = 0;
    for (let day = 1; day <= 28; day++) {
      afternoon += modelValue('O3', local(2025, 7, day, 15), 3);
      night += modelValue('O3', local(2025, 7, day, 4), 3);
    }
    expect(afternoon).toBeGreaterThan(2 * night);
  });

  it('never goes negative and stays finite, with CO in mg/m³ (one decimal)', () => {
    const from = local(2024, 1, 1);
    for (let t = from; t < from + 366 * 24 * HOUR; t += 7 * HOUR) {
      for (const p of POLLUTANTS) {
        const v = modelValue(p, t, (t / HOUR) % 13, 0.85);
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        if (p === 'CO') {
          expect(v).toBeLessThan(10);
          expect(Math.round(v * 10) / 10).toBe(v);
        } else expect(Number.isInteger(v)).toBe(true);
      }
    }
  });

  it('is deterministic: the same inputs give the same output', () => {
    const t = local(2025, 12, 3, 8);
    for (const p of POLLUTANTS) {
      expect(modelValue(p, t, 5, 1.1)).toBe(modelValue(p, t, 5, 1.1));
      expect(modelMissing(t, 5, p)).toBe(modelMissing(t, 5, p));
    }
  });

  it('scales with the site factor and differs between sites', () => {
    const t = local(2025, 1, 10, 9);
    expect(modelValue('PM2.5', t, 2, 1.2)).toBeGreaterThan(modelValue('PM2.5', t, 2, 0.85));
    const values = new Set([1, 2, 3, 4, 5, 6].map((seed) => modelValue('PM10', t, seed)));
    expect(values.size).toBeGreaterThan(1);
  });

  it('misses about 1 % of hours', () => {
    let missing = 0;
    let n = 0;
    const from = local(2025, 1, 1);
    for (let t = from; t < from + 365 * 24 * HOUR; t += HOUR) {
      for (const p of POLLUTANTS) {
        n++;
        if (modelMissing(t, 7, p)) missing++;
      }
    }
    expect(missing / n).toBeGreaterThan(0.005);
    expect(missing / n).toBeLessThan(0.02);
  });
});
