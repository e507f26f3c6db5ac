import type { DataTimeParts } from './types.ts';

function digitsAt(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Years a DataTime may carry. HJ/T 212 dates from 2005, so no real packet is older than the Unix epoch; and below
 * year 100 `Date.UTC` maps 00–99 onto 1900–1999 (year 0000 would be stored as 1900). The upper bound is the
 * 4-digit field itself. Whether a parseable time is plausible is decided later (rules/plausibility).
 */
export const DATA_TIME_MIN_YEAR = 1970;
export const DATA_TIME_MAX_YEAR = 9999;

/**
 * Why `text` is not a DataTime (`YYYYMMDDhhmmss`, or 17 digits with milliseconds), in a sentence an operator can
 * act on; undefined when it is one.
 */
export function dataTimeProblem(text: string): string | undefined {
  if (text.length !== 14 && text.length !== 17) return `DataTime "${text}" is not YYYYMMDDhhmmss (表4)`;
  if (!/^[0-9]+$/.test(text)) return `DataTime "${text}" has non-digits (表4)`;
  const year = digitsAt(text, 0, 4);
  if (year < DATA_TIME_MIN_YEAR) {
    return `DataTime "${text}": year ${text.slice(0, 4)} is before ${DATA_TIME_MIN_YEAR} (impossible date)`;
  }
  if (parseDataTime(text) === undefined) return `DataTime "${text}" is not a calendar date and time (表4)`;
  return undefined;
}

/**
 * Parse `YYYYMMDDhhmmss` (HJ 212-2017 §6.3.3 表4 DataTime/SystemTime/BeginTime…) and the 17-digit form with
 * milliseconds some devices put in DataTime (sample #51) — the same layout as QN (表3). Returns undefined for
 * anything else, including impossible dates and years before DATA_TIME_MIN_YEAR, so the caller can keep the text and flag a deviation.
 */
export function parseDataTime(text: string): DataTimeParts | undefined {
  if (text.length !== 14 && text.length !== 17) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 4, 2);
  const day = digitsAt(text, 6, 2);
  const hour = digitsAt(text, 8, 2);
  const minute = digitsAt(text, 10, 2);
  const second = digitsAt(text, 12, 2);
  const millisecond = text.length === 17 ? digitsAt(text, 14, 3) : 0;
  if (year < DATA_TIME_MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millisecond < 0) {
    return undefined;
  }
  return { text, year, month, day, hour, minute, second, millisecond };
}

/**
 * Epoch milliseconds of a local HJ 212 time string. The standard carries no zone (表4 "YYYYMMDDhhmmss"), stations
 * in China send Beijing time, hence the default offset of +480 minutes; the caller decides per station.
 * Returns undefined when the text is not a valid time.
 */
export function dataTimeToEpochMs(text: string, offsetMinutes = 480): number | undefined {
  const p = parseDataTime(text);
  if (!p) return undefined;
  const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  return utc - offsetMinutes * 60_000;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Format epoch ms as local `YYYYMMDDhhmmss` at the given offset (default Beijing, +480). */
export function formatDataTime(epochMs: number, offsetMinutes = 480): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2)
  );
}

/** QN `YYYYMMDDhhmmsszzz` (HJ 212-2017 §6.3.2 表3: request code, time to the millisecond). */
export function formatQn(epochMs: number, offsetMinutes = 480): string {
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return formatDataTime(epochMs, offsetMinutes) + pad(ms, 3);
}

/**
 * Add `n` to a decimal QN string without losing precision (17 digits exceed 2^53). Split parts carry
 * consecutive QNs (HJ 212-2017 附录C C.49/C.50: …534, …535).
 */
export function addToQn(qn: string, n: number): string {
  const digits = qn.split('');
  let carry = n;
  for (let i = digits.length - 1; i >= 0 && carry !== 0; i--) {
    const sum = Number(digits[i]) + carry;
    const d = ((sum % 10) + 10) % 10;
    carry = Math.floor(sum / 10);
    digits[i] = String(d);
  }
  return digits.join('');
}
