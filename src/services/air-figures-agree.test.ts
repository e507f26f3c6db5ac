import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlatform } from '../server/start.ts';
import { startDemoPlatform } from '../web/e2e/browser.ts';
import { markDustDay } from './dust-days.service.ts';

// 总览 and 报表 must print the same figure for the same period (issue 12): the whole platform with a 40-day demo
// over HTTP, on a fixed clock at 20:45, when today already has the 20 hours that would make it a valid day if
// anything counted the unfinished day.
const NOW = Date.parse('2026-02-05T20:45:00+08:00');
const YESTERDAY = '2026-02-04';
let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startDemoPlatform(40, undefined, () => NOW);
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

describe('the overview and the reports agree for the same period', () => {
  it('year to date: targets, the 变化 table and the year report count the same complete days', async () => {
    const o = await get('/api/dashboard/overview');
    const year = await get('/api/air/report?from=2026-01-01&to=2026-12-31');
    expect(year.period).toMatchObject({
      kind: 'year',
      partial: true,
      completeDays: 35,
      calendarDays: 365,
      assessable: false,
    });
    expect(year.to).toBe(YESTERDAY);
    expect(o.ytd).toMatchObject({ from: '2026-01-01', to: YESTERDAY, days: 35 });
    const d = year.district;
    expect(o.ytd.validDays).toBe(d.validDays);
    expect(d.validDays).toBeGreaterThan(30);
    expect(d.validDays).toBeLessThanOrEqual(35);
    expect(o.ytd.pm25).toBe(d.pollutants['PM2.5'].mean);
    expect(o.ytd.goodRatio).toBe(d.goodRatio);
    expect(o.ytd.compositeIndex).toBe(d.compositeIndex);
    const t = o.targets;
    expect(t.asOf).toBe(YESTERDAY);
    expect(t.pm25.meanSoFar).toBe(d.pollutants['PM2.5'].mean);
    expect(t.goodRatio.ratioSoFar).toBe(d.goodRatio);
    expect([t.goodRatio.daysSoFar, t.goodRatio.validDaysSoFar]).toEqual([d.goodDays, d.validDays]);
    expect(t.heavyRatio.ratioSoFar).toBe(d.heavyRatio);
    expect(t.composite.value).toBe(d.compositeIndex);
    // No short month is judged against the annual limit.
    expect(Object.values(d.pollutants).map((p) => (p as { complies: unknown }).complies)).toEqual(
      Array(6).fill(null),
    );
  });

  it('/api/air/targets stops at the same day with the same figures', async () => {
    const tg = await get('/api/air/targets?year=2026');
    const o = await get('/api/dashboard/overview');
    expect(tg.asOf).toBe(YESTERDAY);
    expect(tg.goodRatio.daysSoFar).toBe(o.targets.goodRatio.daysSoFar);
    expect(tg.goodRatio.validDaysSoFar).toBe(o.targets.goodRatio.validDaysSoFar);
  });

  it('month to date: the ranking of stations and townships equals the month report', async () => {
    const o = await get('/api/dashboard/overview');
    const month = await get('/api/air/report?from=2026-02-01&to=2026-02-28');
    expect([o.monthFrom, o.monthTo]).toEqual(['2026-02-01', YESTERDAY]);
    expect(month.period).toMatchObject({ kind: 'month', partial: true, completeDays: 4 });
    expect(o.stations).toHaveLength(12);
    for (const s of o.stations) {
      const r = month.sites[s.code];
      expect([s.code, s.rank, s.compositeIndex, s.pm25, s.goodRatio]).toEqual([
        s.code,
        r.rank,
        r.compositeIndex,
        r.pollutants['PM2.5'].mean,
        r.goodRatio,
      ]);
    }
    expect(o.townships).toHaveLength(10);
    for (const tw of o.townships) {
      const r = month.townships.find((x: { id: string }) => x.id === tw.id);
      expect([tw.id, tw.rank, tw.compositeIndex, tw.pm25, tw.goodRatio]).toEqual([
        tw.id,
        r.rank,
        r.compositeIndex,
        r.pollutants['PM2.5'].mean,
        r.goodRatio,
      ]);
    }
  });

  it('year on year only with enough valid days last year, and the reason otherwise', async () => {
    const o = await get('/api/dashboard/overview');
    // The demo has no data a year ago: 0 of 35 days, 32 needed (35 × 324/365, GB 3095 表4).
    expect(o.ytdLastYear).toMatchObject({ from: '2025-01-01', to: '2025-02-04', validDays: 0 });
    expect(o.ytdChange).toEqual({
      compositeIndex: null,
      compositeRate: null,
      goodRatioPp: null,
      pm25: null,
      incomparable: { side: 'previous', validDays: 0, days: 35, needed: 32 },
    });
    const month = await get('/api/air/report?from=2026-02-01&to=2026-02-28');
    expect(month.district.yoy.incomparable).toMatchObject({ side: 'previous', validDays: 0 });
    // 环比: January is complete and fully covered by the demo, so February so far is compared with it.
    expect(month.period.previous).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(month.district.mom.incomparable).toBeNull();
    const jan = await get('/api/air/report?from=2026-01-01&to=2026-01-31');
    expect(month.district.mom.compositeIndex).toBeCloseTo(
      month.district.compositeIndex - jan.district.compositeIndex,
      2,
    );
    expect(month.district.mom.goodRatioPp).toBeCloseTo(month.district.goodRatio - jan.district.goodRatio, 1);
    for (const code of Object.keys(month.sites)) {
      expect(month.sites[code].previousRank, code).toBe(jan.sites[code].rank);
    }
  });

  it('compliance (and so colour) only for a whole calendar year, never for a month', async () => {
    const year = await get('/api/air/report?from=2025-01-01&to=2025-12-31');
    expect(year.period).toMatchObject({ kind: 'year', partial: false, assessable: true });
    // The demo's last days of 2025 give PM2.5 a mean, so the year is judged (the numbers say how few days).
    expect(year.district.pollutants['PM2.5'].complies).not.toBeNull();
    const month = await get('/api/air/report?from=2026-01-01&to=2026-01-31');
    expect(month.period).toMatchObject({ kind: 'month', partial: false, assessable: false });
    expect(month.district.pollutants['PM2.5'].complies).toBeNull();
    expect(month.sites['QB-T01'].pollutants['PM2.5'].complies).toBeNull();
  });

  it('a period with no complete day yet is refused with the last complete day', async () => {
    const res = await fetch(`${platform.url}/api/air/report?from=2026-02-05&to=2026-02-28`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('no_complete_day');
    expect(body.error.message).toContain(YESTERDAY);
  });

  // Issue 13: the headline deducts sand-dust and exceptional days, the actual figures (实况) keep them; 总览 and 报表
  // agree on both. Last in the file: it marks a day.
  it('with a sand-dust day marked, the overview and the year report agree on the deducted and the actual figures', async () => {
    const before = await get('/api/air/report?from=2026-01-01&to=2026-12-31');
    // No day marked: the pair is one figure.
    expect(before.deductedDays).toEqual([]);
    expect(before.headline).toBe('deducted');
    for (const k of ['validDays', 'goodDays', 'goodRatio', 'compositeIndex'])
      expect(before.district.actual[k], k).toBe(before.district[k]);
    const o0 = await get('/api/dashboard/overview');
    expect(o0.ytdActual).toEqual(o0.ytd);
    expect(o0.ytdDeductedDays).toBe(0);

    await markDustDay(
      platform.db,
      '2026-01-20',
      '沙尘过程',
      { actor: 'test' },
      { noticeRef: '豫环办〔2026〕1号' },
    );
    const year = await get('/api/air/report?from=2026-01-01&to=2026-12-31');
    const o = await get('/api/dashboard/overview');
    const d = year.district;
    expect(year.deductedDays).toEqual([
      { date: '2026-01-20', kind: 'sand_dust', noticeRef: '豫环办〔2026〕1号' },
    ]);
    expect(o.ytdDeductedDays).toBe(1);
    // The headline leaves the day out of the day counts; the actual keeps it.
    expect(d.actual.validDays).toBe(before.district.validDays);
    expect(d.validDays).toBe(before.district.validDays - 1);
    expect([o.ytd.validDays, o.ytd.pm25, o.ytd.goodRatio, o.ytd.compositeIndex]).toEqual([
      d.validDays,
      d.pollutants['PM2.5'].mean,
      d.goodRatio,
      d.compositeIndex,
    ]);
    expect([
      o.ytdActual.validDays,
      o.ytdActual.pm25,
      o.ytdActual.goodRatio,
      o.ytdActual.compositeIndex,
    ]).toEqual([
      d.actual.validDays,
      d.actual.pollutants['PM2.5'].mean,
      d.actual.goodRatio,
      d.actual.compositeIndex,
    ]);
    expect(o.targets.goodRatio.ratioSoFar).toBe(d.goodRatio);
    const notes = year.notes.map((n: { en: string }) => n.en).join(' ');
    expect(notes).toContain('Headline: 1 sand-dust or exceptional day(s) deducted');
    expect(notes).toContain('Day rule by date');
  });
});
