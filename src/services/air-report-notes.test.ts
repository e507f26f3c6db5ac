import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airMethodConfig, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import { periodReport, periodStats } from '#rules/air/period-stats.ts';
import { rec } from '#rules/air/test-daily-record.ts';
import type { RunningPlatform } from '../server/start.ts';
import { startDemoPlatform } from '../web/e2e/browser.ts';
import { comparedDivisorsNote, headlineNote, methodNotes, periodNotes } from './air-report-notes.ts';

// Config `air` (issue 13) end to end: a deployment that chose station-first, the 2012 divisors and PM2.5 to whole
// µg/m³ gets those in every figure, the overview and 报表 still agree, and the report's notes say so.
const NOW = Date.parse('2026-06-15T20:45:00+08:00');
let platform: RunningPlatform;
beforeAll(async () => {
  const air = airMethodConfig.parse({
    districtMethod: 'station-first',
    compositeDivisors: 'gb3095-2012',
    rounding: { concentration: { 'PM2.5': 0 } },
  });
  platform = await startDemoPlatform(20, undefined, () => NOW, air);
}, 120_000);
afterAll(async () => {
  await platform?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths and assert their values
const get = async (path: string): Promise<any> => {
  const res = await fetch(`${platform.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
};

const note = (r: { notes: { code: string; en: string; unverified?: boolean }[] }, code: string) =>
  r.notes.find((n) => n.code === code);

describe('configured air method: report notes, rounding table, overview and 报表 agree', () => {
  it('the report says which method, divisors and rounding produced its figures, and rounds with that table', async () => {
    const r = await get('/api/air/report?from=2026-06-01&to=2026-06-14');
    expect(r.rounding.concentration['PM2.5']).toBe(0);
    expect(Number.isInteger(r.district.pollutants['PM2.5'].mean)).toBe(true);
    expect(note(r, 'district-method')?.en).toContain('station-first');
    expect(note(r, 'district-method')?.unverified).toBe(true);
    expect(note(r, 'composite-divisors')?.en).toContain('gb3095-2012');
    expect(note(r, 'rounding')?.en).toContain('PM2.5 1,');
    expect(note(r, 'standards')?.en).toContain('HJ 633-2026');
    expect(note(r, 'day-rule')).toBeDefined();
    expect(note(r, 'not-a-year')).toBeDefined();
    // Every note is in both languages.
    for (const n of r.notes) expect(n.zh.length > 0 && n.en.length > 0, n.code).toBe(true);
  });

  it('the overview carries the same table and the same month figures as 报表', async () => {
    const o = await get('/api/dashboard/overview');
    expect(o.rounding).toEqual((await get('/api/air/report?from=2026-06-01&to=2026-06-14')).rounding);
    const month = await get(`/api/air/report?from=${o.monthFrom}&to=${o.monthTo}`);
    for (const s of o.stations) {
      const f = month.sites[s.code];
      expect(s.compositeIndex, s.code).toBe(f.compositeIndex);
      expect(s.pm25, s.code).toBe(f.pollutants['PM2.5'].mean);
      expect(s.rank, s.code).toBe(f.rank);
    }
    const ytd = await get('/api/air/report?from=2026-01-01&to=2026-12-31');
    expect(o.ytd.pm25).toBe(ytd.district.pollutants['PM2.5'].mean);
    expect(o.ytd.compositeIndex).toBe(ytd.district.compositeIndex);
  });
});

describe('notes from the rules in effect', () => {
  const days = (from: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const d = new Date(`${from}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + i);
      return rec(d.toISOString().slice(0, 10));
    });

  it('a 2025 year: 2012 rules, the 2012 working assumptions, compliance decimals; no 2026 divisor caveat', () => {
    const notes = methodNotes(periodReport(days('2025-01-01', 365)), DEFAULT_AIR_METHOD, true);
    const codes = notes.map((n) => n.code);
    expect(codes).toEqual([
      'standards',
      'day-rule',
      'district-method',
      'composite-divisors',
      'rounding',
      'compliance-decimals',
      'o3-max1h-hours',
      'percentiles-2012',
      'iaqi-input-rounding-2012',
    ]);
    expect(notes.find((n) => n.code === 'percentiles-2012')?.unverified).toBe(true);
    expect(notes.find((n) => n.code === 'composite-divisors')?.unverified).toBeUndefined();
  });

  it('a 2027 month: the transition divisors flagged [I], no 2012 notes, no compliance line', () => {
    const notes = methodNotes(periodReport(days('2027-05-01', 31)), DEFAULT_AIR_METHOD, false);
    const div = notes.find((n) => n.code === 'composite-divisors');
    expect(div?.en).toContain('gb3095-2026-transition');
    expect(div?.unverified).toBe(true);
    expect(notes.some((n) => n.code.includes('2012') || n.code === 'o3-max1h-hours')).toBe(false);
    expect(notes.some((n) => n.code === 'compliance-decimals')).toBe(false);
  });

  it('a 2026 year compared with 2025 says the index change includes the change of divisors', () => {
    const y2026 = periodStats(days('2026-01-01', 365));
    const y2025 = periodStats(days('2025-01-01', 365));
    expect(comparedDivisorsNote(y2026, [y2025])[0]?.en).toContain('gb3095-2012');
    expect(comparedDivisorsNote(y2025, [periodStats(days('2024-01-01', 366))])).toEqual([]);
  });

  // The day rule of the day-rule part (rules/air/day-rule.ts) through the one notes mechanism (issue 13 merge).
  it('the day-rule note follows the configured rule and the rule sets of the period', () => {
    const dayRule = (from: string, n: number, method = DEFAULT_AIR_METHOD) =>
      methodNotes(periodReport(days(from, n)), method, false).find((x) => x.code === 'day-rule');
    const y2025 = dayRule('2025-01-01', 365);
    expect(y2025?.en).toContain('before 2026-03-01: all six valid');
    expect(y2025?.unverified).toBe(true);
    const m2027 = dayRule('2027-05-01', 31);
    expect(m2027?.en).toContain('from 2026-03-01: days whose AQI is published');
    expect(m2027?.zh).toContain('HJ 633-2026 §5.3.1/§5.3.2');
    expect(m2027?.unverified).toBeUndefined();
    const allSix = dayRule('2027-05-01', 31, { ...DEFAULT_AIR_METHOD, dayRule: 'all-six' });
    expect(allSix?.en).toContain('air.dayRule = all-six');
  });

  it('sand-dust days: deducted from the headline day ratios, the actual figures beside; the headline note', () => {
    const report = periodReport(days('2026-04-01', 30), { sandDustDates: ['2026-04-02'] });
    const sand = periodNotes(report).find((n) => n.code === 'sand-dust');
    expect(sand?.en).toContain("deducted from the headline's day counts and ratios");
    expect(sand?.en).not.toContain('kept');
    expect(sand?.zh).toContain('实况数据');
    expect(headlineNote(1)).toMatchObject({ code: 'headline', zh: expect.stringContaining('（1 天）') });
    expect(headlineNote(0).en).toContain('equals the actual figures');
  });
});
