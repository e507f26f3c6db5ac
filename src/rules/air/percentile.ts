/**
 * Percentile of a set of values, HJ 663-2013 附录A (A.2) / HJ 663-2026 附录A:
 * sort ascending, k = 1 + (n − 1)·p/100, s = ⌊k⌋, m = X(s) + (X(s+1) − X(s))·(k − s).
 * (Equivalent to Excel PERCENTILE.INC / R type 7 — see air-quality.md §3.2.)
 */

/** p in [0, 100]. Returns null for an empty set. Non-finite values are ignored. */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be in [0, 100], got ${p}`);
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) xs.push(v);
  }
  if (xs.length === 0) return null;
  xs.sort((a, b) => a - b);
  return percentileOfSorted(xs, p);
}

/** Same as `percentile` for values already sorted ascending and all finite (no copy). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  // k·100 = 100 + (n−1)·p keeps k exact for integer p, so s = ⌊k⌋ is never off by one ulp.
  const k100 = 100 + (n - 1) * p;
  const s = Math.floor(k100 / 100);
  const frac = (k100 - s * 100) / 100;
  const xs = sorted[s - 1] as number;
  if (s >= n || frac === 0) return xs;
  const xs1 = sorted[s] as number;
  return xs + (xs1 - xs) * frac;
}
