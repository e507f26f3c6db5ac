/**
 * Both number parsers — parseDecimal (general path) and the digit loop of the byte-level fast path (fast-cp.ts) —
 * take the exact shortcut `integer / 10^k` for ≤ 15 digits, which is correctly rounded because both operands are
 * exact doubles. It must give bit for bit what `Number(text)` gives, −0 included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from './cp-parse.ts';
import { hj212CrcHex } from './crc.ts';
import { decodeFast } from './fast-decode.ts';

const frame = (segment: string): Buffer =>
  Buffer.from(`##${String(segment.length).padStart(4, '0')}${segment}${hj212CrcHex(segment)}\r\n`);

const arbDecimal = fc.oneof(
  fc.stringMatching(/^-?[0-9]{1,15}(\.[0-9]{0,15})?$/),
  fc.stringMatching(/^-?0{0,4}[0-9]{0,20}\.?[0-9]{0,20}$/),
  fc.stringMatching(/^-?[0-9]{1,6}(\.[0-9]{1,6})?[eE][-+]?[0-9]{1,3}$/),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);

/** What the codec must report: Number's value for a finite decimal, undefined otherwise. */
function expected(text: string): number | undefined {
  if (!/^[-+.0-9eE]+$/.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

describe('decimal values', () => {
  it('parseDecimal equals Number(text), bit for bit', () => {
    fc.assert(
      fc.property(arbDecimal, (text) => {
        expect(Object.is(parseDecimal(text), expected(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('the fast path reads every value as Number(text) does', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.array(arbDecimal, { minLength: 1, maxLength: 6 }), (texts) => {
        const items = texts.map((t, k) => `a0100${k}-Avg=${t},a0100${k}-Flag=N`).join(';');
        const seg = `QN=20210722140000509;ST=31;CN=2061;PW=123456;MN=X1;Flag=5;CP=&&${items}&&`;
        const r = decodeFast(frame(seg));
        if (r === undefined || !r.ok) return;
        taken++;
        r.packet.cp.factors.forEach((f, k) => {
          const text = texts[k] as string;
          expect(f.fields[0]?.text).toBe(text);
          expect(Object.is(f.fields[0]?.value, expected(text))).toBe(true);
        });
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(1500);
  });
});
