import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvText, defuseCsvText } from './csv-cell.ts';

/** The text a spreadsheet reads from one cell (RFC 4180 unquoting). */
function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
}

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];
const isPlainNumber = (s: string) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s);

describe('csvCell', () => {
  it('defuses formula starts, the OWASP way', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","点我")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""点我"")"`,
    );
    for (const start of FORMULA_START) expect(csvCell(`${start}cmd|' /C calc'!A0`)).toMatch(/^"?'/);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-1+1')).toBe("'-1+1");
  });

  it('keeps numbers numbers: a negative value is not a formula', () => {
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('-3.5')).toBe('-3.5');
    expect(csvCell('+2e-3')).toBe('+2e-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('property: any text reads back as itself or as itself with an apostrophe, never as a formula', () => {
    const text = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom(...FORMULA_START), fc.string()).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(text, (s) => {
        const read = unquote(csvCell(s));
        expect(read === s || read === `'${s}`).toBe(true);
        if (FORMULA_START.some((c) => read.startsWith(c))) expect(isPlainNumber(read)).toBe(true);
        // Only text a spreadsheet would run gets the prefix.
        expect(read === s).toBe(!FORMULA_START.some((c) => s.startsWith(c)) || isPlainNumber(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: every finite number is written as JavaScript prints it, without a prefix', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(csvCell(n)).toBe(String(n));
        expect(defuseCsvText(String(n))).toBe(String(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a byte-order mark and CRLF lines', () => {
    expect(
      csvText([
        ['名称', 'x'],
        ['=1', -1],
      ]),
    ).toBe("\uFEFF名称,x\r\n'=1,-1\r\n");
  });
});
