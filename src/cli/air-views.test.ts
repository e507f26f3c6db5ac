import { describe, expect, it } from 'vitest';
import { DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { DayRatioProgress, TargetProgress } from '#rules/air/targets.ts';
import { targetNotes } from '#services/air-report-notes.ts';
import { targetsView } from './air-views.ts';
import { render } from './output.ts';

const ratio = (status: DayRatioProgress['status']): DayRatioProgress => ({
  target: 80,
  daysSoFar: 200,
  validDaysSoFar: 200,
  ratioSoFar: 70,
  expectedTotalValidDays: 360,
  remainingNeededOrAllowed: 100,
  secured: false,
  projectedRatio: 70,
  status,
});

const progress = {
  year: 2025,
  asOf: '2025-07-19',
  remainingDays: 165,
  expectedRemainingValidDays: 160,
  pm25: {
    target: 40,
    meanSoFar: 38.2,
    daysSoFar: 200,
    maxRemainingMean: 42.1,
    impossible: false,
    projected: 38.2,
    status: 'on-track',
  },
  goodRatio: ratio('missed'),
  heavyRatio: ratio('at-risk'),
  composite: { threshold: null, value: null, status: 'unknown' },
} as unknown as TargetProgress;

describe('qingshan air targets: the status in words', () => {
  it('table and CSV say the status in Chinese first, with the English after', () => {
    const table = render(targetsView(progress), 'table');
    expect(table).toContain('有望达标 / on track');
    expect(table).toContain('无法达标 / missed');
    expect(table).toContain('有风险 / at risk');
    expect(table).toContain('暂无判断 / unknown');
    expect(table).not.toMatch(/\bon-track\b/);
    expect(render(targetsView(progress), 'csv')).toContain('无法达标 / missed');
  });

  it('JSON keeps the machine values', () => {
    const json = JSON.parse(render(targetsView(progress), 'json'));
    expect(json.pm25.status).toBe('on-track');
    expect(json.goodRatio.status).toBe('missed');
  });

  it('prints the working assumptions [M] of the projection below the table, not in CSV', () => {
    const withNotes = {
      ...progress,
      notes: targetNotes(DEFAULT_AIR_METHOD),
    };
    const table = render(targetsView(withNotes), 'table');
    expect(table).toContain('说明 / Notes:');
    expect(table).toContain('R-T4 "no worse than" read as ≤');
    expect(table).toContain('every remaining calendar day is expected to be valid [M]');
    expect(render(targetsView(withNotes), 'csv')).not.toContain('说明');
  });
});
