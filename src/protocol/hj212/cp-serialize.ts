/** Serialise CP content (HJ 212-2017 §6.3.3): `;` between items, `,` between fields of one factor. */
import type { CpParam } from './types.ts';

export interface FactorFieldInput {
  readonly name: string;
  readonly text: string;
}

export interface FactorInput {
  readonly code: string;
  readonly fields: readonly FactorFieldInput[];
}

/** Structured CP to encode; a decoded `CpData` is accepted as is. */
export interface CpInput {
  readonly dataTime?: string | { readonly text: string };
  readonly params?: readonly CpParam[];
  readonly factors?: readonly FactorInput[];
}

/** Thrown by the encoders for input that cannot be written as a valid packet (a programming error, not field data). */
export class Hj212EncodeError extends Error {
  override readonly name = 'Hj212EncodeError';
}

// Separators of §6.3.3 and the CP delimiter `&`; CR/LF would break framing (表2).
const FORBIDDEN_VALUE = /[;,=&\r\n]/;
const FORBIDDEN_NAME = /[;,=&\r\n\s-]/;

function checkName(name: string, what: string): void {
  if (name.length === 0 || FORBIDDEN_NAME.test(name)) throw new Hj212EncodeError(`invalid ${what} "${name}"`);
}

function checkValue(text: string, what: string): void {
  if (FORBIDDEN_VALUE.test(text)) throw new Hj212EncodeError(`invalid characters in ${what} "${text}"`);
}

/** Log text goes inside `//…//` (附录C C.40) so it may hold separators, but not `//` itself or `&&`/CR/LF. */
function infoValue(text: string, what: string): string {
  if (text.includes('//') || text.includes('&&') || /[\r\n]/.test(text) || text.endsWith('/')) {
    throw new Hj212EncodeError(`invalid Info text in ${what}`);
  }
  return `//${text}//`;
}

/** One atomic CP unit per param and per factor — the granularity at which long CPs may be split. */
export function cpUnits(cp: CpInput): { dataTime?: string; units: string[] } {
  const units: string[] = [];
  for (const p of cp.params ?? []) {
    checkName(p.key, 'CP key');
    checkValue(p.text, p.key);
    units.push(`${p.key}=${p.text}`);
  }
  for (const f of cp.factors ?? []) {
    checkName(f.code, 'factor code');
    const parts: string[] = [];
    for (const field of f.fields) {
      checkName(field.name, `field of ${f.code}`);
      const key = `${f.code}-${field.name}`;
      if (field.name === 'Info') parts.push(`${key}=${infoValue(field.text, key)}`);
      else {
        checkValue(field.text, key);
        parts.push(`${key}=${field.text}`);
      }
    }
    if (parts.length > 0) units.push(parts.join(','));
  }
  if (cp.dataTime === undefined) return { units };
  const dataTime = typeof cp.dataTime === 'string' ? cp.dataTime : cp.dataTime.text;
  checkValue(dataTime, 'DataTime');
  return { dataTime: `DataTime=${dataTime}`, units };
}

/** CP text for a structured CP, or the raw text when given as a string. */
export function serializeCp(cp: CpInput | string | undefined): string {
  if (cp === undefined) return '';
  if (typeof cp === 'string') {
    if (cp.includes('&&') || /[\r\n]/.test(cp))
      throw new Hj212EncodeError('raw CP text must not contain "&&" or CR/LF');
    return cp;
  }
  const { dataTime, units } = cpUnits(cp);
  return dataTime === undefined ? units.join(';') : [dataTime, ...units].join(';');
}
