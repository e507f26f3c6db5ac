import { describe, expect, it } from 'vitest';
import { chemHtml, chemParts } from './chem.ts';

describe('chemical formulas typeset with <sub>', () => {
  it('finds each formula, and only formulas', () => {
    expect(chemParts('细颗粒物 PM2.5')).toEqual(['细颗粒物 ', { base: 'PM', sub: '2.5' }]);
    expect(chemParts('PM10、O3')).toEqual([{ base: 'PM', sub: '10' }, '、', { base: 'O', sub: '3' }]);
    expect(chemParts('SO2 NO2 CO AQI')).toEqual([
      { base: 'SO', sub: '2' },
      ' ',
      { base: 'NO', sub: '2' },
      ' CO AQI',
    ]);
    expect(chemParts('a21026 PM25 NOx')).toEqual(['a21026 PM25 NOx']);
  });

  it('gives escaped HTML for chart tooltips', () => {
    expect(chemHtml('PM2.5 <b>')).toBe('PM<sub>2.5</sub> &#60;b&#62;');
  });
});
