/**
 * CP parser of the decode fast path: reads the CP region straight from the frame bytes (ASCII only, checked by
 * the caller) and slices value strings from the segment text. It accepts only CPs that the general parser
 * (cp-parse.ts) would read without any deviation, and returns undefined for anything else — empty items, items
 * without `=`, spaces, `//…//` log text, a bad DataTime — so the caller can rerun the general parser, which is
 * the reference for every result. The output is built with the same property order as the general parser's.
 */
import {
  COMMA,
  DASH,
  EQ,
  isTextField,
  type MutableFactor,
  POW10,
  parseDecimal,
  SEMI,
  SLASH,
  SPACE,
} from './cp-parse.ts';
import { parseDataTime } from './data-time.ts';
import { LEGACY_TO_2017 } from './legacy-2005.ts';
import type { CpData, CpParam, DataTimeParts } from './types.ts';

/**
 * Start offset (in the frame) and hash of each factor's code, so that a repeated code is found without slicing
 * and a different one is usually told apart by its hash alone.
 */
let codeStarts = new Int32Array(64);
let codeHashes = new Int32Array(64);

/** Compared from the end: codes of one packet share their prefix (`a34002`, `a34004`) and differ at the end. */
function sameBytes(buf: Uint8Array, a: number, b: number, len: number): boolean {
  for (let k = len - 1; k >= 0; k--) if (buf[a + k] !== buf[b + k]) return false;
  return true;
}

/** True when `buf[a, a + name.length)` spells `name` (ASCII bytes). */
function spells(buf: Uint8Array, a: number, name: Uint8Array): boolean {
  for (let k = 0; k < name.length; k++) if (buf[a + k] !== name[k]) return false;
  return true;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const DATA_TIME = ascii('DataTime');

// Field names of 表4 as shared constants, so the common names cost no string per field; NAME_IS_TEXT marks the
// ones that are never numeric (Flag C1, EFlag C4), as isTextField in cp-parse.ts does.
const NAMES = ['Rtd', 'Avg', 'Min', 'Max', 'Cou', 'Flag', 'ZsRtd', 'ZsAvg', 'ZsMin', 'ZsMax', 'EFlag'];
const FLAG = 5;
const NAME_IS_TEXT = [false, false, false, false, false, true, false, false, false, false, true];

const NAME_LEN = NAMES.map((n) => n.length);
const NAME_BYTES = NAMES.map(ascii);

/** Index in NAMES of the name spelled at `buf[a]` and followed by `=`, else -1: picked by its first bytes. */
function nameAt(buf: Uint8Array, a: number): number {
  let k: number;
  switch (buf[a]) {
    case 82: // R
      k = 0;
      break;
    case 65: // A
      k = 1;
      break;
    case 77: // M
      k = buf[a + 1] === 105 ? 2 : 3;
      break;
    case 67: // C
      k = 4;
      break;
    case 70: // F
      k = FLAG;
      break;
    case 90: {
      // Z
      const c2 = buf[a + 2];
      k = c2 === 82 ? 6 : c2 === 65 ? 7 : buf[a + 3] === 105 ? 8 : 9;
      break;
    }
    case 69: // E
      k = 10;
      break;
    default:
      return -1;
  }
  return buf[a + (NAME_LEN[k] as number)] === EQ && spells(buf, a, NAME_BYTES[k] as Uint8Array) ? k : -1;
}

/** End of the value from `j`: the next separator or `end`; -1 for spaces or a trailing separator (deviations). */
function valueEnd(buf: Uint8Array, j: number, end: number): number {
  for (; j < end; j++) {
    const c = buf[j];
    if (c === SEMI || c === COMMA) break;
    if (c === SPACE) return -1;
  }
  // A separator as the last byte is a stray empty item.
  return j === end - 1 ? -1 : j;
}

/** The factor whose code is `buf[start, dash)`, created (with its 原编码 mapping for 2005 packets) if new. */
function factorAt(
  buf: Uint8Array,
  text: string,
  base: number,
  start: number,
  dash: number,
  hash: number,
  factors: MutableFactor[],
  legacy: boolean,
): MutableFactor {
  const len = dash - start;
  for (let k = 0; k < factors.length; k++) {
    if (codeHashes[k] !== hash) continue;
    const other = factors[k] as MutableFactor;
    if (other.code.length === len && sameBytes(buf, start, codeStarts[k] as number, len)) return other;
  }
  const code = text.slice(start - base, dash - base);
  const f: MutableFactor = { code, fields: [] };
  if (legacy) {
    const mapped = LEGACY_TO_2017.get(code);
    if (mapped !== undefined) f.mappedCode = mapped;
  }
  if (factors.length === codeStarts.length) {
    const starts = new Int32Array(codeStarts.length * 2);
    const hashes = new Int32Array(codeStarts.length * 2);
    starts.set(codeStarts);
    hashes.set(codeHashes);
    codeStarts = starts;
    codeHashes = hashes;
  }
  codeStarts[factors.length] = start;
  codeHashes[factors.length] = hash;
  factors.push(f);
  return f;
}

/**
 * Parse the CP region `buf[start, end)` of a segment whose text is `text` (text index = frame index − base).
 * `legacy`: HJ/T 212-2005 packet, map factor codes by 附录B 原编码. Undefined = use the general parser.
 */
export function parseCpFast(
  buf: Uint8Array,
  text: string,
  base: number,
  start: number,
  end: number,
  legacy: boolean,
): CpData | undefined {
  const params: CpParam[] = [];
  const factors: MutableFactor[] = [];
  let dataTime: DataTimeParts | undefined;
  let last: MutableFactor | undefined;
  let lastStart = 0;
  let lastLen = 0;
  let i = start;
  while (i < end) {
    let f: MutableFactor | undefined;
    let dash = -1;
    let eq = -1;
    let k = -1;
    // Hot case: the previous item's factor code, `-` and a 表4 name, compared in place instead of scanned. That
    // code was scanned once already, so it holds no separator, space, `=` or `-`.
    if (last !== undefined && buf[i + lastLen] === DASH && sameBytes(buf, i, lastStart, lastLen)) {
      k = nameAt(buf, i + lastLen + 1);
      if (k >= 0 && i + lastLen + 1 + (NAME_LEN[k] as number) < end) {
        f = last;
        dash = i + lastLen;
        eq = dash + 1 + (NAME_LEN[k] as number);
      } else k = -1;
    }
    if (eq < 0) {
      // Up to the first `-` or `=`, hashing what may be a factor code; then on to the `=`.
      let j = i;
      let hash = 0;
      for (; j < end; j++) {
        const c = buf[j] as number;
        if (c === EQ || c === DASH) break;
        // An empty item, an item without "=" and spaces all yield deviations: general parser.
        if (c === SEMI || c === COMMA || c === SPACE) return undefined;
        hash = (hash * 31 + c) | 0;
      }
      if (buf[j] === DASH && j < end) {
        dash = j;
        for (j++; j < end; j++) {
          const c = buf[j];
          if (c === EQ) break;
          if (c === SEMI || c === COMMA || c === SPACE) return undefined;
        }
      }
      if (j === end) return undefined;
      eq = j;
      if (dash > i) {
        const len = dash - i;
        f = last;
        if (f === undefined || len !== lastLen || !sameBytes(buf, i, lastStart, len)) {
          f = factorAt(buf, text, base, i, dash, hash, factors, legacy);
          last = f;
          lastStart = i;
          lastLen = len;
        }
        // The first `=` is at eq and names hold none, so a name found here ends exactly at eq.
        k = nameAt(buf, dash + 1);
      }
    }
    // `=//…//` log text may hide separators (附录C C.40): rare, left to the general parser.
    if (buf[eq + 1] === SLASH && buf[eq + 2] === SLASH) return undefined;
    let j = eq + 1;
    if (f !== undefined) {
      const name = k >= 0 ? (NAMES[k] as string) : text.slice(dash + 1 - base, eq - base);
      const numeric = k >= 0 ? !NAME_IS_TEXT[k] : !isTextField(name);
      let num: number | undefined;
      let parsed = false;
      if (numeric) {
        // parseDecimal's fast case, done while looking for the end of the value.
        const neg = buf[j] === DASH;
        if (neg) j++;
        let int = 0;
        let digits = 0;
        let frac = -1;
        for (; j < end; j++) {
          const c = buf[j] as number;
          const d = c - 48;
          if (d >= 0 && d <= 9) {
            int = int * 10 + d;
            digits++;
            if (frac >= 0) frac++;
          } else if (c === 46 && frac < 0) frac = 0;
          else break;
        }
        if (digits > 0 && digits <= 15 && (j === end || buf[j] === SEMI || buf[j] === COMMA)) {
          const v = frac > 0 ? int / (POW10[frac] as number) : int;
          num = neg ? -v : v;
          parsed = true;
        }
      }
      j = valueEnd(buf, j, end);
      if (j < 0) return undefined;
      const value = text.slice(eq + 1 - base, j - base);
      if (numeric) {
        f.fields.push({ name, text: value, value: parsed ? num : parseDecimal(value) });
      } else {
        f.fields.push({ name, text: value, value: undefined });
        if (name === 'Flag' && f.flag === undefined) f.flag = value;
      }
    } else {
      j = valueEnd(buf, j, end);
      if (j < 0) return undefined;
      const value = text.slice(eq + 1 - base, j - base);
      if (dataTime === undefined && eq - i === 8 && spells(buf, i, DATA_TIME)) {
        const parsedTime = parseDataTime(value);
        // The 17-digit form is accepted with a deviation by the general parser.
        if (parsedTime === undefined || value.length !== 14) return undefined;
        dataTime = parsedTime;
      } else {
        params.push({ key: text.slice(i - base, eq - base), text: value });
      }
    }
    i = j + 1;
  }
  const cp: { dataTime?: CpData['dataTime']; params: CpParam[]; factors: MutableFactor[] } = {
    params,
    factors,
  };
  if (dataTime !== undefined) cp.dataTime = dataTime;
  return cp;
}
