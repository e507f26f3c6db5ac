/**
 * CP parser of the decode fast path: reads the CP region straight from the frame bytes (ASCII only, checked by
 * the caller) and slices value strings from the segment text. It accepts only CPs that the general parser
 * (cp-parse.ts) would read without any deviation, and returns undefined for anything else — empty items, items
 * without `=`, spaces, `//…//` log text, a bad DataTime — so the caller can rerun the general parser, which is
 * the reference for every result. The output is built with the same property order as the general parser's.
 */
import { isTextField, type MutableFactor, parseDecimal } from './cp-parse.ts';
import { parseDataTime } from './data-time.ts';
import { LEGACY_TO_2017 } from './legacy-2005.ts';
import type { CpData, CpParam, DataTimeParts } from './types.ts';

// The CP grammar's delimiters (the same codes as cp-parse.ts), and its POW10, as local constants: an imported
// binding is read through its module cell on every use, which costs measurably in these per-byte loops.
const SEMI = 59;
const COMMA = 44;
const EQ = 61;
const SLASH = 47;
const SPACE = 32;
const DASH = 45;
const DOT = 46;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

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

/** Bytes `buf[p, p + 4)` as one int. */
function headWord(buf: Uint8Array, p: number): number {
  return (
    (buf[p] as number) |
    ((buf[p + 1] as number) << 8) |
    ((buf[p + 2] as number) << 16) |
    ((buf[p + 3] as number) << 24)
  );
}

/** Bytes `buf[p, p + 3)` as one int. */
function tailWord(buf: Uint8Array, p: number): number {
  return (buf[p] as number) | ((buf[p + 1] as number) << 8) | ((buf[p + 2] as number) << 16);
}

/** 表4 names recognised in place by {@link peekName}; ids below FIRST_TEXT_NAME are numeric fields. */
const NAMES = ['', 'Rtd', 'Avg', 'Min', 'Max', 'Cou', 'ZsRtd', 'ZsAvg', 'ZsMin', 'ZsMax', 'Flag', 'EFlag'];
/** `-` + name + `=` of each entry of NAMES: how far past the `-` the value starts. */
const NAME_SKIP = [0, 4, 4, 4, 4, 4, 6, 6, 6, 6, 5, 6];
const FIRST_TEXT_NAME = 10;
const FLAG_NAME = 10;

/**
 * Id in NAMES of the 表4 name at `buf[p]` when it is followed by `=` before `end`; 0 otherwise. Told apart by
 * where the `=` is and by the bytes, compared in place, so the common names cost no string and no string test.
 */
function peekName(buf: Uint8Array, p: number, end: number): number {
  const c0 = buf[p] as number;
  const c1 = buf[p + 1] as number;
  const c2 = buf[p + 2] as number;
  const c3 = buf[p + 3] as number;
  if (c3 === EQ) {
    if (p + 3 >= end) return 0;
    switch ((c0 << 16) | (c1 << 8) | c2) {
      case 0x527464:
        return 1; // Rtd
      case 0x417667:
        return 2; // Avg
      case 0x4d696e:
        return 3; // Min
      case 0x4d6178:
        return 4; // Max
      case 0x436f75:
        return 5; // Cou
      default:
        return 0;
    }
  }
  const c4 = buf[p + 4] as number;
  if (c4 === EQ) return p + 4 < end && c0 === 70 && c1 === 108 && c2 === 97 && c3 === 103 ? FLAG_NAME : 0;
  if (buf[p + 5] !== EQ || p + 5 >= end) return 0;
  if (c0 === 90 && c1 === 115) {
    switch ((c2 << 16) | (c3 << 8) | c4) {
      case 0x527464:
        return 6; // ZsRtd
      case 0x417667:
        return 7; // ZsAvg
      case 0x4d696e:
        return 8; // ZsMin
      case 0x4d6178:
        return 9; // ZsMax
      default:
        return 0;
    }
  }
  return c0 === 69 && c1 === 70 && c2 === 108 && c3 === 97 && c4 === 103 ? 11 : 0; // EFlag
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

const DATA_TIME = [68, 97, 116, 97, 84, 105, 109, 101]; // DataTime

function isDataTime(buf: Uint8Array, a: number): boolean {
  for (let k = 0; k < 8; k++) if (buf[a + k] !== DATA_TIME[k]) return false;
  return true;
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
  let cur: MutableFactor | undefined;
  let curStart = 0;
  let curLen = 0;
  // A 6-byte code (all 2017 codes, 附录B) and its `-`, packed into two words: one compare each instead of a loop.
  let curHead = 0;
  let curTail = -1;
  let i = start;
  while (i < end) {
    let f: MutableFactor | undefined;
    let j: number;
    // Hot case: the previous item's factor code and `-`, compared in place instead of scanned. That code was
    // scanned once already, so it holds no separator, space, `=` or `-`.
    if (
      cur !== undefined &&
      (curLen === 6
        ? i + 6 < end && tailWord(buf, i + 4) === curTail && headWord(buf, i) === curHead
        : buf[i + curLen] === DASH && sameBytes(buf, i, curStart, curLen))
    ) {
      f = cur;
      j = i + curLen;
    } else {
      // Up to the first `-` or `=`, hashing what may be a factor code.
      let hash = 0;
      for (j = i; j < end; j++) {
        const c = buf[j] as number;
        if (c === EQ || c === DASH) break;
        // An empty item, an item without "=" and spaces all yield deviations: general parser.
        if (c === SEMI || c === COMMA || c === SPACE) return undefined;
        hash = (hash * 31 + c) | 0;
      }
      if (j === end) return undefined;
      if (buf[j] === DASH && j > i) {
        f = factorAt(buf, text, base, i, j, hash, factors, legacy);
        cur = f;
        curStart = i;
        curLen = j - i;
        if (curLen === 6) {
          curHead = headWord(buf, i);
          curTail = tailWord(buf, i + 4);
        }
      }
    }
    // j is at the `-` of a factor item, or at the first `-` or `=` of any other item. A 表4 name right after the
    // `-` is recognised in place; anything else is scanned on to the first `=`.
    const dash = j;
    const id = f !== undefined ? peekName(buf, j + 1, end) : 0;
    if (id !== 0) j += NAME_SKIP[id] as number;
    else if (buf[j] === DASH) {
      for (j++; j < end; j++) {
        const c = buf[j] as number;
        if (c === EQ) break;
        if (c === SEMI || c === COMMA || c === SPACE) return undefined;
      }
      if (j === end) return undefined;
    }
    const eq = j;
    // `=//…//` log text may hide separators (附录C C.40): rare, left to the general parser.
    if (buf[eq + 1] === SLASH && buf[eq + 2] === SLASH) return undefined;
    j = eq + 1;
    if (f !== undefined) {
      const name = id === 0 ? text.slice(dash + 1 - base, eq - base) : (NAMES[id] as string);
      const numeric = id === 0 ? !isTextField(name) : id < FIRST_TEXT_NAME;
      let value: number | undefined;
      let parsed = false;
      if (numeric) {
        // parseDecimal's fast case (≤ 15 digits, no exponent), done while looking for the end of the value.
        const neg = buf[j] === DASH;
        if (neg) j++;
        const from = j;
        let dot = -1;
        let int = 0;
        for (; j < end; j++) {
          const d = (buf[j] as number) - 48;
          if (d >= 0 && d <= 9) int = int * 10 + d;
          else if (d === DOT - 48 && dot < 0) dot = j;
          else break;
        }
        const digits = dot < 0 ? j - from : j - from - 1;
        if (digits > 0 && digits <= 15 && (j === end || buf[j] === SEMI || buf[j] === COMMA)) {
          const v = dot < 0 || dot === j - 1 ? int : int / (POW10[j - dot - 1] as number);
          value = neg ? -v : v;
          parsed = true;
        }
      }
      j = valueEnd(buf, j, end);
      if (j < 0) return undefined;
      const valueText = text.slice(eq + 1 - base, j - base);
      if (numeric) {
        f.fields.push({ name, text: valueText, value: parsed ? value : parseDecimal(valueText) });
      } else {
        f.fields.push({ name, text: valueText, value: undefined });
        if ((id === FLAG_NAME || name === 'Flag') && f.flag === undefined) f.flag = valueText;
      }
    } else {
      j = valueEnd(buf, j, end);
      if (j < 0) return undefined;
      const value = text.slice(eq + 1 - base, j - base);
      if (dataTime === undefined && eq - i === 8 && isDataTime(buf, i)) {
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
