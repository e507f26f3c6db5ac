/** Time and number parsing shared by the import formats. */

const HOUR_MS = 3_600_000;
/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Epoch ms of local (Asia/Shanghai) y-m-d h:00, or undefined when that is not a real calendar hour. */
export function shanghaiHourStart(
  year: number,
  month: number,
  day: number,
  hour: number,
): number | undefined {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > 31) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour);
  if (new Date(utc).getUTCDate() !== day) return undefined; // e.g. 02-30 rolled over
  return utc - SHANGHAI_OFFSET_MS;
}

const LOCAL_HOUR = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/** 'YYYY-MM-DD HH:mm' (local Asia/Shanghai, minutes 00) → epoch ms, or a reason. */
export function parseLocalHour(text: string): number | { error: string } {
  const m = LOCAL_HOUR.exec(text);
  if (!m) return { error: `bad time "${text}" (expected YYYY-MM-DD HH:mm)` };
  if (m[5] !== '00') return { error: `time "${text}" is not the start of an hour` };
  const t = shanghaiHourStart(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]));
  return t === undefined ? { error: `bad time "${text}" (no such date or hour)` } : t;
}

const DECIMAL = /^-?(\d+)(\.\d+)?$/;

/** A cell meaning "no value". */
export function isMissing(text: string): boolean {
  return text === '' || text === 'NA';
}

/** A concentration: plain decimal, ≥ 0. `divideBy1000` shifts the decimal point (µg → mg) exactly. */
export function parseConcentration(text: string, divideBy1000 = false): number | { error: string } {
  const m = DECIMAL.exec(text);
  if (!m) return { error: `not a number: "${text}"` };
  if (text.startsWith('-')) return { error: `negative concentration ${text}` };
  if (!divideBy1000) return Number(text);
  // Move the decimal point three places left in the text, so 300 → 0.3 exactly (no 0.30000000000000004).
  const whole = (m[1] as string).padStart(4, '0');
  return Number(`${whole.slice(0, -3)}.${whole.slice(-3)}${(m[2] ?? '').slice(1)}`);
}
