import { describe, expect, it } from 'vitest';
import { displayWidth, render } from './output.ts';

const data = {
  json: { a: 1 },
  rows: [
    { 站点: '金山街道', aqi: 55, primary: ['PM2.5', 'PM10'] },
    { 站点: 'Dongsi, "east"', aqi: null, primary: [] },
  ],
};

describe('render', () => {
  it('prints the full result as JSON', () => {
    expect(JSON.parse(render(data, 'json'))).toEqual({ a: 1 });
  });

  it('writes CSV that Excel opens: BOM, quoted commas and quotes, CRLF', () => {
    const csv = render(data, 'csv');
    expect(csv.startsWith('\uFEFF站点,aqi,primary\r\n')).toBe(true);
    expect(csv).toContain('金山街道,55,PM2.5/PM10\r\n');
    expect(csv).toContain('"Dongsi, ""east""",,\r\n');
  });

  it('aligns table columns by display width, counting CJK as two', () => {
    const lines = render(data, 'table').split('\n');
    expect(displayWidth('金山街道')).toBe(8);
    const aqiCol = (l: string) => displayWidth(l.slice(0, l.indexOf('55')));
    expect(aqiCol(lines[2] ?? '')).toBe(displayWidth('Dongsi, "east"') + 2);
  });
});
