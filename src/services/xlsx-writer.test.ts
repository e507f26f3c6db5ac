import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnName, writeCsv, writeXlsx } from './xlsx-writer.ts';

describe('xlsx writer', () => {
  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('writes a workbook with every part Excel needs, strings escaped and numbers as numbers', () => {
    const bytes = writeXlsx([
      {
        name: '统计',
        rows: [
          ['名称', 'PM2.5'],
          ['淇滨区 <区域> & "值"', 52.2],
          ['空', null],
        ],
      },
      { name: 'Daily', rows: [['a']] },
    ]);
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).toContain('<t xml:space="preserve">淇滨区 &lt;区域&gt; &amp; &quot;值&quot;</t>');
    expect(sheet).toContain('<c r="B2"><v>52.2</v></c>');
    expect(sheet).not.toContain('r="B3"');
    expect(strFromU8(files['xl/workbook.xml'] as Uint8Array)).toContain(
      '<sheet name="统计" sheetId="1" r:id="rId1"/>',
    );
  });

  it('writes CSV with a byte-order mark and quotes where needed', () => {
    expect(writeCsv([['a,b', 'c"d', 1, null]])).toBe('\uFEFF"a,b","c""d",1,\r\n');
  });
});
