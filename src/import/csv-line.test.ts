import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines, splitCsvLine } from './csv-line.ts';

describe('splitCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['1,"NNW",4.4,"Aotizhongxin"', ['1', 'NNW', '4.4', 'Aotizhongxin']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['"",""', ['', '']],
    ['x,"淇滨区,金山站"', ['x', '淇滨区,金山站']],
    ['"a",', ['a', '']],
  ])('%s', (line, cells) => {
    expect(splitCsvLine(line)).toEqual(cells);
  });

  it.each([
    ['"abc', 'unterminated'],
    ['"a"b,c', 'after closing quote'],
    ['ab"c,d', 'stray quote'],
  ])('refuses %s', (line, reason) => {
    expect(splitCsvLine(line)).toEqual({ error: expect.stringContaining(reason) });
  });

  it('round-trips any cells written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', ' ', '区', '1') });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
        const line = cells.map((c) => (/[,"]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
        expect(splitCsvLine(line)).toEqual(cells);
      }),
    );
  });
});

describe('readLines', () => {
  async function* chunks(...parts: string[]) {
    yield* parts;
  }

  it('joins lines split across chunks, strips BOM and CR, numbers lines from 1', async () => {
    const out: [number, string][] = [];
    for await (const { lines, firstLineNo } of readLines(chunks('\uFEFFh1,h2\r\na,', 'b\r\n\nc,d'))) {
      for (const [k, l] of lines.entries()) out.push([firstLineNo + k, l]);
    }
    expect(out).toEqual([
      [1, 'h1,h2'],
      [2, 'a,b'],
      [3, ''],
      [4, 'c,d'],
    ]);
  });
});
