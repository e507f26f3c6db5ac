import { describe, expect, it } from 'vitest';
import { rankByComposite, rankChange } from './period-ranking.ts';
import { displayedChange, roundComposite, roundConcentration, roundRatio } from './period-rounding.ts';

describe('ranking by composite index', () => {
  it('ascending, ties on the published 2-decimal value share a rank, no index no rank', () => {
    const ranks = rankByComposite([
      { key: 'A', compositeIndex: 4.414 },
      { key: 'B', compositeIndex: 3.2 },
      { key: 'C', compositeIndex: 4.41 },
      { key: 'D', compositeIndex: null },
      { key: 'E', compositeIndex: 5 },
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ B: 1, A: 2, C: 2, E: 4 });
  });

  it('rank change: places gained since the period before', () => {
    expect(rankChange(3, 5)).toBe(2);
    expect(rankChange(4, 3)).toBe(-1);
    expect(rankChange(4, undefined)).toBeNull();
  });
});

describe('one rounding table', () => {
  it('PM2.5 and CO to 0.1, other concentrations whole, GB/T 8170 half-even', () => {
    expect(roundConcentration('PM2.5', 51.94)).toBe(51.9);
    expect(roundConcentration('PM10', 52.5)).toBe(52);
    expect(roundConcentration('CO', 1.25)).toBe(1.2);
    expect(roundConcentration('O3', 160.5)).toBe(160);
  });

  it('composite index 2 dp, ratios 0.1 %, changes of displayed figures', () => {
    expect(roundComposite(4.41499)).toBe(4.41);
    expect(roundRatio((229 / 339) * 100)).toBe(67.6);
    expect(roundRatio((228 / 338) * 100)).toBe(67.5);
    expect(displayedChange(67.6, 60.1, 1)).toBe(7.5);
    expect(displayedChange(null, 60.1, 1)).toBeNull();
  });
});
