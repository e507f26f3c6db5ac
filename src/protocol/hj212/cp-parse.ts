import { dataTimeProblem, parseDataTime } from './data-time.ts';
import { LEGACY_TO_2017 } from './legacy-2005.ts';
import type { Deviation } from './result-types.ts';
import type { CpData, CpFactor, CpParam, DataTimeParts, FactorField } from './types.ts';

/**
 * Factor fields whose values are text, never numbers (HJ 212-2017 §6.3.3 表4: Flag C1, EFlag C4, SampleTime, Info,
 * SN). All start with F, E, S or I while no numeric field does, so the first character filters cheaply.
 */
export function isTextField(name: string): boolean {
  const c = name.charCodeAt(0);
  if (c !== 70 && c !== 69 && c !== 83 && c !== 73) return false;
  return name === 'Flag' || name === 'EFlag' || name === 'SampleTime' || name === 'Info' || name === 'SN';
}

/** ASCII codes of the CP grammar's delimiters (HJ 212-2017 §6.3.3), shared with the fast path. */
export const SEMI = 59;
export const COMMA = 44;
export const EQ = 61;
export const SLASH = 47;
export const SPACE = 32;
export const DASH = 45;

export interface MutableFactor {
  code: string;
  mappedCode?: string;
  fields: FactorField[];
  flag?: string;
}

export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A decimal as HJ 212 sends it (`-0.041`, `12758.2462`, `1e3` tolerated); rejects hex, blanks, Infinity.
 * Fast path for ≤ 15 significant digits without exponent: an exact integer divided by an exact power of ten is
 * correctly rounded, so it equals `Number(text)` while skipping V8's general string-to-double conversion.
 */
export function parseDecimal(text: string): number | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  let int = 0;
  let digits = 0;
  let frac = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      int = int * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else break;
  }
  if (i === n && digits > 0 && digits <= 15) {
    const v = frac > 0 ? int / (POW10[frac] as number) : int;
    return text.charCodeAt(0) === 45 ? -v : v;
  }
  return parseDecimalSlow(text);
}

function parseDecimalSlow(text: string): number | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // digits . + - e E
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69))
      return undefined;
  }
  const v = +text;
  return Number.isFinite(v) ? v : undefined;
}

// Field names of 表4, reused so that the common names cost no string allocation per item.
const COMMON_NAMES = [
  'Rtd',
  'Flag',
  'Avg',
  'Min',
  'Max',
  'Cou',
  'ZsRtd',
  'ZsAvg',
  'ZsMin',
  'ZsMax',
  'EFlag',
  'SampleTime',
];

function fieldName(text: string, start: number, end: number): string {
  const len = end - start;
  for (const name of COMMON_NAMES) if (name.length === len && text.startsWith(name, start)) return name;
  return text.slice(start, end);
}

function hasEdgeSpace(s: string): boolean {
  return s.length > 0 && (s.charCodeAt(0) === SPACE || s.charCodeAt(s.length - 1) === SPACE);
}

/** Names never legitimately contain spaces; values only matter at the edges (Info text may hold spaces). */
function needsTrim(key: string, value: string): boolean {
  return key.indexOf(' ') >= 0 || hasEdgeSpace(value);
}

/** Strip the `//…//` wrapping of log text (HJ 212-2017 附录C C.40: `i11001-Info=//清洗管路//`). */
function unwrapInfo(value: string): string {
  if (value.length >= 4 && value.startsWith('//') && value.endsWith('//')) return value.slice(2, -2);
  return value;
}

class CpBuilder {
  readonly params: CpParam[] = [];
  readonly factors: MutableFactor[] = [];
  dataTime: DataTimeParts | { readonly text: string } | undefined;
  private last: MutableFactor | undefined;
  private noted = 0;

  constructor(
    private readonly legacy: boolean,
    private readonly deviations: Deviation[],
  ) {}

  note(bit: number, deviation: Deviation): void {
    if (this.noted & bit) return;
    this.noted |= bit;
    this.deviations.push(deviation);
  }

  /** Factor for the code at `text[start, end)`; compares in place so repeated codes allocate nothing. */
  factorAt(text: string, start: number, end: number): MutableFactor {
    const len = end - start;
    const last = this.last;
    if (last !== undefined && last.code.length === len && text.startsWith(last.code, start)) return last;
    for (const f of this.factors) {
      if (f.code.length === len && text.startsWith(f.code, start)) {
        this.last = f;
        return f;
      }
    }
    return this.newFactor(text.slice(start, end));
  }

  newFactor(code: string): MutableFactor {
    const created: MutableFactor = { code, fields: [] };
    if (this.legacy) {
      const mapped = LEGACY_TO_2017.get(code);
      if (mapped !== undefined) created.mappedCode = mapped;
    }
    this.factors.push(created);
    this.last = created;
    return created;
  }

  /** Hot path: a `code-Name=value` item, located by indices in the CP text. */
  fieldAt(text: string, start: number, dash: number, eq: number, value: string): void {
    const f = this.factorAt(text, start, dash);
    this.field(f, fieldName(text, dash + 1, eq), value);
  }

  field(f: MutableFactor, name: string, value: string): void {
    if (isTextField(name)) {
      const text = name === 'Info' ? unwrapInfo(value) : value;
      f.fields.push({ name, text, value: undefined });
      if (name === 'Flag' && f.flag === undefined) f.flag = value;
    } else {
      f.fields.push({ name, text: value, value: parseDecimal(value) });
    }
  }

  /** Slow path for items that needed trimming: split the key afresh. */
  item(key: string, value: string): void {
    const dash = key.indexOf('-');
    if (dash > 0) {
      this.field(this.factorAt(key, 0, dash), key.slice(dash + 1), value);
      return;
    }
    if (key === 'DataTime' && this.dataTime === undefined) {
      const parsed = parseDataTime(value);
      if (parsed === undefined || value.length !== 14) {
        this.note(1, {
          code: 'datatime-format',
          message: 'DataTime is not YYYYMMDDhhmmss (HJ 212-2017 §6.3.3 表4)',
          detail: parsed === undefined ? (dataTimeProblem(value) ?? value) : value,
        });
      }
      this.dataTime = parsed ?? { text: value };
      return;
    }
    this.params.push({ key, text: value });
  }
}

/**
 * Parse the CP region (HJ 212-2017 §6.3.3): `=` joins name and value, `,` separates values of one item, `;`
 * separates items. Both separators are treated alike because the standard's own examples mix them
 * (`BeginTime=…,EndTime=…`, 附录C C.20–C.23). Log text wrapped in `//…//` may contain separators, so it is
 * skipped as a whole before splitting (附录C C.40). Never throws; oddities become deviations.
 */
export function parseCp(text: string, legacy: boolean, deviations: Deviation[]): CpData {
  const b = new CpBuilder(legacy, deviations);
  const n = text.length;
  if (n > 0 && text.trim() === '') {
    // 附录C C.4/C.13 write an empty CP as `CP=&& &&`.
    b.note(2, { code: 'cp-whitespace', message: 'CP region is blank instead of empty (CP=&& &&)' });
    return { params: b.params, factors: b.factors };
  }
  let i = 0;
  while (i < n) {
    let eq = -1;
    let dash = -1;
    let space = false;
    let j = i;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === SEMI || c === COMMA) break;
      if (c === SPACE) space = true;
      else if (c === DASH && dash < 0 && eq < 0) dash = j;
      else if (c === EQ && eq < 0) {
        eq = j;
        if (text.charCodeAt(j + 1) === SLASH && text.charCodeAt(j + 2) === SLASH) {
          const close = text.indexOf('//', j + 3);
          if (close >= 0) j = close + 1;
        }
      }
    }
    if (j === i) {
      b.note(4, { code: 'cp-empty-item', message: 'empty CP item (stray ; or ,)', detail: `at ${i}` });
    } else if (eq < 0) {
      b.note(8, { code: 'cp-bad-item', message: 'CP item without "="', detail: text.slice(i, j) });
      b.params.push({ key: text.slice(i, j), text: '' });
    } else if (!space && dash > i) {
      b.fieldAt(text, i, dash, eq, text.slice(eq + 1, j));
    } else {
      let key = text.slice(i, eq);
      let value = text.slice(eq + 1, j);
      if (space && needsTrim(key, value)) {
        b.note(2, { code: 'cp-whitespace', message: 'spaces around a CP name or value', detail: key });
        key = key.replace(/ /g, '');
        value = value.trim();
      }
      b.item(key, value);
    }
    i = j + 1;
    if (j === n - 1) {
      b.note(4, { code: 'cp-empty-item', message: 'empty CP item (stray ; or ,)', detail: `at ${n}` });
    }
  }
  const cp: { dataTime?: CpData['dataTime']; params: CpParam[]; factors: CpFactor[] } = {
    params: b.params,
    factors: b.factors,
  };
  if (b.dataTime !== undefined) cp.dataTime = b.dataTime;
  return cp;
}
