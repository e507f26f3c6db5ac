/**
 * Exact decimal and rational arithmetic for the air-quality rules.
 *
 * HJ 633 rounds every IAQI *up* (2012 §6.2 "进位取整", 2026 §4.2.6 "向上进位"), so an error of one
 * ulp decides the result: (100−50)/(4−2)·(2.2−2)+50 is 55.00000000000001 in doubles and would
 * become 56. Everything that feeds a ceiling or a half-even tie therefore runs on bigints.
 */

/** value = units / 10^scale, scale ≥ 0. The decimal a person reads, not the binary double. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** value = num / den, den > 0. Not necessarily reduced. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

const TEN = 10n;

const pow10 = (n: number): bigint => TEN ** BigInt(n);

/**
 * The decimal that `String(x)` prints: the shortest decimal that round-trips to x. Treating a
 * measured value as that decimal (2.2, not 2.2000000000000001776…) is what the standard means.
 */
export function decimalOf(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (match === null) throw new RangeError(`cannot read ${String(x)} as a decimal`);
  const [, sign = '', intPart = '0', fracPart = '', expPart = '0'] = match;
  let units = BigInt(intPart + fracPart);
  let scale = fracPart.length - Number(expPart);
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

export function rational(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError('division by zero');
  return den < 0n ? { num: -num, den: -den } : { num, den };
}

export function rationalOf(x: number): Rational {
  const d = decimalOf(x);
  return { num: d.units, den: pow10(d.scale) };
}

export const add = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => rational(a.num * b.den, a.den * b.num);

/** −1, 0 or 1. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** ⌊a/b⌋ for any signs (bigint `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** ⌈a/b⌉ for any signs. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

export const ceilRational = (r: Rational): bigint => ceilDiv(r.num, r.den);

/** Exact value as a double, via its decimal string so the nearest double is chosen. */
export function decimalToNumber(d: Decimal): number {
  const neg = d.units < 0n;
  const digits = (neg ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const cut = digits.length - d.scale;
  const text = d.scale === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  const value = Number(`${neg ? '-' : ''}${text}`);
  // −0 would print as "0" but compare oddly in Object.is-based test matchers and maps.
  return value === 0 ? 0 : value;
}

/**
 * GB/T 8170 rounding (四舍六入五成双): round half to even, decided on the decimal `String(x)`
 * shows, so 2.25 → 2.2 and 2.35 → 2.4 even though the doubles lie below/above the tie.
 * `decimals` may be negative (e.g. −1 rounds to tens).
 */
export function roundHalfEven(x: number, decimals: number): number {
  if (!Number.isInteger(decimals)) throw new RangeError(`decimals must be an integer: ${decimals}`);
  const fast = roundHalfEvenFast(x, decimals);
  if (fast !== undefined) return fast;
  const d = decimalOf(x);
  const drop = d.scale - decimals;
  if (drop <= 0) return x === 0 ? 0 : x;
  const neg = d.units < 0n;
  const abs = neg ? -d.units : d.units;
  const unit = pow10(drop);
  let q = abs / unit;
  const twiceRest = (abs % unit) * 2n;
  if (twiceRest > unit || (twiceRest === unit && q % 2n === 1n)) q += 1n;
  const units = neg ? -q : q;
  return decimals >= 0
    ? decimalToNumber({ units, scale: decimals })
    : decimalToNumber({ units: units * pow10(-decimals), scale: 0 });
}

/**
 * The common case without bigints: when x·10^d is clearly not near a tie, the double's error (~1e-15 relative)
 * cannot change which way it rounds, and n/10^d is the nearest double to the decimal n·10^-d (IEEE division is
 * correctly rounded), i.e. the same number the exact path returns. Near a tie it declines (undefined).
 */
function roundHalfEvenFast(x: number, decimals: number): number | undefined {
  if (decimals < 0 || decimals > 6 || !Number.isFinite(x) || Math.abs(x) >= 1e9) return undefined;
  const scale = 10 ** decimals;
  const scaled = Math.abs(x) * scale;
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  if (Math.abs(frac - 0.5) < 1e-6) return undefined;
  const q = frac < 0.5 ? floor : floor + 1;
  const value = (x < 0 ? -q : q) / scale;
  return value === 0 ? 0 : value;
}

/** roundHalfEven that passes null (a missing statistic) through. */
export function roundOrNull(x: number | null, decimals: number): number | null {
  return x === null ? null : roundHalfEven(x, decimals);
}
