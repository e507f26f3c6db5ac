/**
 * Ambient air station values, minute by minute. The hourly mean is EXACTLY the demo air model's value
 * (modelValue), so hours that arrive over HJ 212 equal the seeded demo history; minutes follow a line between
 * neighbouring hours with analyser noise, scaled so that they average to the hourly value.
 * Hours the model marks missing (modelMissing, ~1 %) are sent flagged D 故障, C 校准 or M 维护 (表8) instead.
 */
import { modelMissing, modelValue } from '../demo/air-model.ts';
import type { FactorHour, HourProfile } from './hour-profile.ts';
import type { AirLoggerSpec } from './logger-spec.ts';
import { hash01, hashSigned, roundTo, smoothNoise, stringSeed } from './noise.ts';
import { HOUR } from './time.ts';

interface AirShape {
  readonly hourDecimals: number;
  readonly decimals: number;
  /** Relative minute-to-minute noise. */
  readonly noise: number;
  readonly jitter: number;
}

const SHAPES: Readonly<Record<string, AirShape>> = {
  'PM2.5': { hourDecimals: 0, decimals: 1, noise: 0.08, jitter: 0.05 },
  PM10: { hourDecimals: 0, decimals: 1, noise: 0.1, jitter: 0.06 },
  SO2: { hourDecimals: 0, decimals: 1, noise: 0.12, jitter: 0.04 },
  NO2: { hourDecimals: 0, decimals: 1, noise: 0.1, jitter: 0.04 },
  CO: { hourDecimals: 1, decimals: 3, noise: 0.05, jitter: 0.02 },
  O3: { hourDecimals: 0, decimals: 1, noise: 0.06, jitter: 0.03 },
};

const FAULT_FLAGS = ['D', 'C', 'M'] as const;

function minuteValues(
  hourAvg: number,
  before: number,
  after: number,
  shape: AirShape,
  salt: number[],
): number[] {
  const raw: number[] = [];
  for (let i = 0; i < 60; i++) {
    const x = (i + 0.5) / 60;
    // Piecewise line through the hour midpoints (previous, this, next hour).
    const base = x < 0.5 ? before + (hourAvg - before) * (x + 0.5) : hourAvg + (after - hourAvg) * (x - 0.5);
    const noise = shape.noise * (0.6 * smoothNoise(i / 7, ...salt) + 0.4 * hashSigned(i, ...salt));
    raw.push(Math.max(0, base * (1 + noise)));
  }
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  const k = mean > 0 ? hourAvg / mean : 0;
  return raw.map((v) => roundTo(mean > 0 ? v * k : hourAvg, shape.decimals));
}

/** The hour starting at `hourStart` for an air station logger. */
export function airHour(spec: AirLoggerSpec, hourStart: number, seed: number): HourProfile {
  const factors: FactorHour[] = spec.factors.map((f) => {
    const shape = SHAPES[f.pollutant] as AirShape;
    const value = (t: number) => modelValue(f.pollutant, t, spec.siteSeed, spec.siteFactor);
    const hourAvg = value(hourStart);
    const salt = [seed, spec.seed, stringSeed(f.code), Math.floor(hourStart / HOUR)];
    const minutes = minuteValues(hourAvg, value(hourStart - HOUR), value(hourStart + HOUR), shape, salt);
    let hourFlag = 'N';
    const flags: string[] = new Array(60).fill('N');
    if (modelMissing(hourStart, spec.siteSeed, f.pollutant)) {
      hourFlag = FAULT_FLAGS[Math.floor(hash01(...salt, 11) * FAULT_FLAGS.length)] as string;
      flags.fill(hourFlag);
    } else {
      // An occasional single-minute glitch (about one minute in 500); the hour stays valid (≥ 75 % normal).
      for (let i = 0; i < 60; i++) if (hash01(i, ...salt, 13) < 0.002) flags[i] = 'D';
    }
    return {
      code: f.code,
      decimals: shape.decimals,
      hourDecimals: shape.hourDecimals,
      minutes,
      jitter: shape.jitter,
      flags,
      hourFlag,
      hourAvg,
    };
  });
  return { hourStart, factors };
}
