/**
 * Deterministic pseudo-randomness for the virtual loggers: every "random" draw is a pure hash of integers, so a
 * given seed and simulated time always produce the same packet, whatever the speed or the order of generation.
 */

/** Integer hash → [0, 1). */
export function hash01(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= p | 0;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}

/** Hash → [-1, 1). */
export function hashSigned(...parts: number[]): number {
  return hash01(...parts) * 2 - 1;
}

/** Smooth noise in [-1, 1] over a continuous coordinate (cosine interpolation between integer knots). */
export function smoothNoise(x: number, ...seed: number[]): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = hashSigned(i, ...seed);
  const b = hashSigned(i + 1, ...seed);
  const t = (1 - Math.cos(f * Math.PI)) / 2;
  return a * (1 - t) + b * t;
}

/** A small stable number for a string (factor codes, MNs) to mix into hashes. */
export function stringSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Round to `decimals` places (half away from zero, as analysers print). */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
