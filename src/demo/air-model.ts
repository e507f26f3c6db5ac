/**
 * A deterministic model of hourly air quality for the demo feed: the value for (site, pollutant, hour) is a pure
 * function of its arguments, so history and the live feed agree, and a restart reproduces the same series.
 * Shapes follow what North China Plain stations show: winter PM and CO episodes lasting days, NO2 rush-hour peaks,
 * O3 afternoon peaks in summer. Levels are illustrative, not Qibin's measurements: at factor 1 the annual means come
 * out near PM2.5 47, PM10 80, NO2 31, SO2 12 µg/m³, CO 0.9 mg/m³, with the O3 daily max-8h 90th percentile near 170.
 */
import type { Pollutant } from '#rules/air/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR;

/** Integer hash → [0, 1). */
function hash01(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h ^= p | 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return (h >>> 0) / 2 ** 32;
}

/** Smooth noise in [-1, 1] over a continuous coordinate, cosine-interpolated between integer knots. */
function smoothNoise(x: number, seed: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = hash01(i, seed) * 2 - 1;
  const b = hash01(i + 1, seed) * 2 - 1;
  const t = (1 - Math.cos(f * Math.PI)) / 2;
  return a * (1 - t) + b * t;
}

interface Shape {
  /** Mean in January and in July. */
  winter: number;
  summer: number;
  /** How strongly multi-day weather episodes scale the value. */
  episode: number;
  /** Relative hourly noise. */
  noise: number;
  decimals: number;
}

const SHAPES: Record<Pollutant, Shape> = {
  'PM2.5': { winter: 52, summer: 24, episode: 1.5, noise: 0.12, decimals: 0 },
  PM10: { winter: 88, summer: 46, episode: 1.2, noise: 0.15, decimals: 0 },
  SO2: { winter: 16, summer: 7, episode: 0.4, noise: 0.2, decimals: 0 },
  NO2: { winter: 42, summer: 22, episode: 0.4, noise: 0.15, decimals: 0 },
  CO: { winter: 1.2, summer: 0.6, episode: 0.6, noise: 0.1, decimals: 1 },
  O3: { winter: 35, summer: 105, episode: 0.5, noise: 0.12, decimals: 0 },
};

const POLLUTANT_SEED: Record<Pollutant, number> = { 'PM2.5': 1, PM10: 2, SO2: 3, NO2: 4, CO: 5, O3: 6 };

function diurnal(pollutant: Pollutant, localHour: number): number {
  const h = localHour + 0.5;
  switch (pollutant) {
    case 'O3':
      // Photochemical peak mid-afternoon, titration at night.
      return 0.35 + 1.3 * Math.max(0, Math.sin(((h - 8) / 16) * Math.PI)) ** 1.5;
    case 'NO2':
    case 'CO':
      return 1 + 0.25 * Math.exp(-(((h - 8) / 1.8) ** 2)) + 0.3 * Math.exp(-(((h - 20) / 2.5) ** 2)) - 0.15;
    default:
      // Night-time boundary layer keeps particles near the ground.
      return 1 + 0.18 * Math.cos(((h - 1) / 24) * 2 * Math.PI);
  }
}

/**
 * The modelled value at the hour starting `time` (epoch ms) for a site identified by a small integer seed.
 * `siteFactor` scales the site's level (1 = district average).
 */
export function modelValue(pollutant: Pollutant, time: number, siteSeed: number, siteFactor = 1): number {
  const shape = SHAPES[pollutant];
  const local = time + SHANGHAI_OFFSET;
  const dayOfYear = (((local % (365.25 * DAY)) + 365.25 * DAY) % (365.25 * DAY)) / DAY;
  // 1 in mid-January, 0 in mid-July.
  const season = (1 + Math.cos(((dayOfYear - 15) / 365.25) * 2 * Math.PI)) / 2;
  const base = shape.summer + (shape.winter - shape.summer) * season;
  const days = local / DAY;
  // Weather episodes are shared by every site (regional), with a weaker local component.
  const regional = smoothNoise(days / 3.5, 97) * 0.8 + smoothNoise(days / 1.2, 131) * 0.2;
  const local_ = smoothNoise(days * 2, 1000 + siteSeed * 7 + POLLUTANT_SEED[pollutant]);
  const episode = Math.exp(shape.episode * (regional * (pollutant === 'O3' ? -0.6 : 1) + 0.25 * local_));
  const hour = Math.floor(local / HOUR) % 24;
  const noise =
    1 + shape.noise * (hash01(Math.floor(local / HOUR), siteSeed, POLLUTANT_SEED[pollutant]) * 2 - 1);
  const value = Math.max(0, base * episode * diurnal(pollutant, hour) * noise * siteFactor);
  const scale = 10 ** shape.decimals;
  return Math.round(value * scale) / scale;
}

/** True when the demo analyser "misses" this hour (about 1 % of hours), so validity rules have work to do. */
export function modelMissing(time: number, siteSeed: number, pollutant: Pollutant): boolean {
  return hash01(Math.floor(time / HOUR), siteSeed * 31 + POLLUTANT_SEED[pollutant], 7) < 0.01;
}
