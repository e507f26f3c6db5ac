import { describe, expect, it } from 'vitest';
import { pollutantLevel } from './aqi.ts';
import { bandRange, type ColorBy, legendBands, pollutantBands } from './map-legend.ts';

const POLLUTANTS = ['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3'] as const;

describe('map legend bands', () => {
  it('PM2.5 shows its HJ 633-2026 breakpoints in µg/m³, not the AQI bands', () => {
    const bands = pollutantBands('PM2.5');
    expect(bands.map((b, i) => bandRange(b, i === 0, 'PM2.5'))).toEqual([
      '0–35',
      '36–60',
      '61–115',
      '116–150',
      '151–250',
      '> 250',
    ]);
    expect(bands.map((b) => b.level)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('SO2 1 h ends at 800 where footnote b keeps IAQI 200: its last band is open at level 4', () => {
    const bands = pollutantBands('SO2');
    expect(bands.map((b, i) => bandRange(b, i === 0, 'SO2'))).toEqual([
      '0–150',
      '151–500',
      '501–650',
      '> 650',
    ]);
    expect(bands.map((b) => b.level)).toEqual([1, 2, 3, 4]);
  });

  it('CO is in mg/m³ to one decimal', () => {
    const bands = pollutantBands('CO');
    expect(bandRange(bands[0] as never, true, 'CO')).toBe('0–5');
    expect(bandRange(bands[1] as never, false, 'CO')).toBe('5.1–10');
  });

  it('AQI keeps the six categories', () => {
    const bands = legendBands('AQI');
    expect(bands.map((b, i) => bandRange(b, i === 0, 'AQI'))).toEqual([
      '0–50',
      '51–100',
      '101–150',
      '151–200',
      '201–300',
      '> 300',
    ]);
  });

  it.each(POLLUTANTS)('%s: a value inside each band is coloured at that band’s level on the map', (p) => {
    const bands = legendBands(p as ColorBy);
    for (const [i, b] of bands.entries()) {
      const step = p === 'CO' ? 0.1 : 1;
      const lo = i === 0 ? b.min : b.min + step;
      const hi = b.max ?? b.min + 1000;
      for (const v of [lo, (lo + hi) / 2, hi]) expect(pollutantLevel(p, v)).toBe(b.level);
    }
  });
});
