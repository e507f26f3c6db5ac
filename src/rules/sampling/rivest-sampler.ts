import { createHash } from 'node:crypto';

/**
 * Rivest's SHA-256 sampler ("sampler.py", version of November 14, 2011, http://people.csail.mit.edu/rivest/sampler.py),
 * the draw behind the yearly look-back's ≥ 10 % spot-check (issue 15): anyone holding the seed, the population
 * size and the count can recompute it with Rivest's own program.
 *
 * The i-th draw (i = 1, 2, …) is SHA-256 of the UTF-8 text `seed + "," + i` (i in decimal), read as a big-endian
 * integer, modulo N, plus 1. Without replacement a position already picked is rejected and the counter goes on, so
 * the picks of a draw of K are the first K of any larger draw with the same seed (sampler.py's "expanded sample").
 * The seed is hashed exactly as given: sampler.py trims each line it reads, which is the caller's business here.
 */

/** Hostile-input bounds: a spot-check draws from thousands of cases, not billions. */
export const MAX_POPULATION = 10_000_000;
export const MAX_COUNT = 100_000;
export const MAX_SEED_LENGTH = 1_000;

export interface SampleRequest {
  /** The recorded public seed (dice rolls, or the hash of a published document). */
  seed: string;
  /** N: positions 1..N are drawn from. */
  population: number;
  /** K: how many picks. */
  count: number;
  /** With replacement a position may be picked again; without (the default), picks are distinct and K ≤ N. */
  withReplacement?: boolean;
}

/** An impossible or unreasonable request; the message is Chinese, then English. */
export class SamplerInputError extends Error {
  override name = 'SamplerInputError';
}

/** The value of draw number `i` (1-based): SHA-256(seed + "," + i) mod N, plus 1. */
export function rivestDraw(seed: string, i: number, population: number): number {
  const digest = createHash('sha256').update(`${seed},${i}`, 'utf8').digest('hex');
  return Number((BigInt(`0x${digest}`) % BigInt(population)) + 1n);
}

/** The picks, 1-based positions in draw order. Throws SamplerInputError on a request outside the bounds. */
export function rivestSample(request: SampleRequest): number[] {
  validate(request);
  const { seed, population, count } = request;
  const picks: number[] = [];
  if (request.withReplacement) {
    for (let i = 1; i <= count; i++) picks.push(rivestDraw(seed, i, population));
    return picks;
  }
  const seen = new Set<number>();
  for (let i = 1; picks.length < count; i++) {
    const pick = rivestDraw(seed, i, population);
    if (seen.has(pick)) continue; // sampler.py: "duplicate rejected", the counter goes on
    seen.add(pick);
    picks.push(pick);
  }
  return picks;
}

function validate({ seed, population, count, withReplacement }: SampleRequest): void {
  if (typeof seed !== 'string' || seed.trim() === '') {
    throw new SamplerInputError('种子不能为空 / the seed must not be empty');
  }
  if (seed.length > MAX_SEED_LENGTH) {
    throw new SamplerInputError(
      `种子过长（最多 ${MAX_SEED_LENGTH} 个字符）/ the seed is too long (at most ${MAX_SEED_LENGTH} characters)`,
    );
  }
  if (!Number.isSafeInteger(population) || population < 1 || population > MAX_POPULATION) {
    throw new SamplerInputError(
      `总体数 N 须为 1 至 ${MAX_POPULATION} 的整数 / the population N must be a whole number from 1 to ${MAX_POPULATION}`,
    );
  }
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_COUNT) {
    throw new SamplerInputError(
      `抽取数 K 须为 0 至 ${MAX_COUNT} 的整数 / the count K must be a whole number from 0 to ${MAX_COUNT}`,
    );
  }
  if (!withReplacement && count > population) {
    throw new SamplerInputError(
      `不放回抽样时抽取数 K（${count}）不能大于总体数 N（${population}）/ ` +
        `without replacement the count K (${count}) cannot exceed the population N (${population})`,
    );
  }
}
