import { describe, expect, it } from 'vitest';
import { distanceM, type PriorCase, recurrenceOf } from './recurrence.ts';

const prior: PriorCase[] = [
  { id: 'c1', caseType: 'hotline-12345', place: { siteId: 's-7' }, closedAt: 1_000 },
  { id: 'c2', caseType: 'hotline-12345', place: { siteId: 's-7' }, closedAt: 5_000 },
  { id: 'c3', caseType: 'hotline-12345', place: { siteId: 's-8' }, closedAt: 9_000 },
  { id: 'c4', caseType: 'report-12369', place: { siteId: 's-7' }, closedAt: 9_000 },
  { id: 'c5', caseType: 'hotline-12345', place: { siteId: 's-7' }, closedAt: null },
  { id: 'c6', caseType: 'hotspot', place: { lon: 121.0, lat: 31.0 }, closedAt: 2_000 },
];

describe('recurrence (R-20)', () => {
  it('links the latest closed case of the same type at the same site, ignoring open ones and other types', () => {
    expect(recurrenceOf('hotline-12345', { siteId: 's-7' }, prior)).toBe('c2');
    expect(recurrenceOf('report-12369', { siteId: 's-7' }, prior)).toBe('c4');
    expect(recurrenceOf('hotline-12345', { siteId: 's-9' }, prior)).toBeNull();
  });

  it('uses 100 m between coordinates where no site or enterprise is named', () => {
    // 0.0008° of latitude is about 89 m, 0.0010° about 111 m.
    expect(recurrenceOf('hotspot', { lon: 121.0, lat: 31.0008 }, prior)).toBe('c6');
    expect(recurrenceOf('hotspot', { lon: 121.0, lat: 31.001 }, prior)).toBeNull();
    expect(distanceM({ lon: 121, lat: 31 }, { lon: 121, lat: 31.001 })).toBeCloseTo(111.2, 0);
  });
});
