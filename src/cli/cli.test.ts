import { appendFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath, writeTwoStationCsv } from '../test-support/air-fixture.ts';
import { runQingshan } from '../test-support/run-cli.ts';

// The real `qingshan` command, as `npx qingshan` runs it after `npm ci`.

const qingshan = (...args: string[]) => runQingshan(args);

describe('qingshan air aqi', () => {
  it('prints {ruleSet, aqi, category, primaryPollutants, iaqi} and gets CO 2.2 mg/m³ exactly right (55, not 56)', async () => {
    const { code, stdout } = await qingshan(
      'air',
      'aqi',
      '--kind',
      'daily',
      '--date',
      '2025-06-01',
      '--co',
      '2.2',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ ruleSet: '2012', aqi: 55, category: '良', primaryPollutants: ['CO'] });
    expect(out.iaqi).toEqual({ CO_24h: 55 });
  });

  it('uses the 2026 real-time rules after 2026-03-01: SO2 1 h above 800 counts as IAQI 200', async () => {
    const { stdout } = await qingshan(
      'air',
      'aqi',
      '--kind',
      'hourly',
      '--date',
      '2026-03-01',
      '--so2',
      '900',
      '--format',
      'json',
    );
    expect(JSON.parse(stdout)).toMatchObject({
      ruleSet: '2026',
      aqi: 200,
      category: '中度污染',
      iaqi: { SO2_1h: 200 },
    });
  });

  it('refuses a bad date with exit code 2 and a message', async () => {
    const { code, stderr } = await qingshan(
      'air',
      'aqi',
      '--kind',
      'daily',
      '--date',
      '2025-02-30',
      '--pm25',
      '10',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/no such date/);
  });
});

describe('qingshan import air and the reports', () => {
  const db = tempDbPath();
  let importOut: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    const csv = writeTwoStationCsv(['2025-01-01', '2025-01-02']);
    appendFileSync(csv, 'A,2025-01-03 00:00,12,abc,1,1,0.1,1\n');
    importOut = await qingshan('--db', db, 'import', 'air', csv);
  });

  it('imports good rows and names each bad one by file and line', () => {
    expect(importOut.code).toBe(0);
    // 2 stations × 2 days × 24 h × 6 pollutants; the bad line 98 (header + 96 rows + 1) is not imported.
    expect(importOut.stdout).toContain('导入 576 个数值，1 个错误');
    expect(importOut.stderr).toMatch(/two-stations\.csv:98: .*abc/);
  });

  it('reports the period as JSON with the district value and each site', async () => {
    const { code, stdout } = await qingshan(
      '--db',
      db,
      'air',
      'report',
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-02',
      '--all',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.district).toMatchObject({
      validDays: 2,
      goodDays: 2,
      heavyDays: 0,
      goodRatio: 100,
      compositeIndex: 4.81,
    });
    expect(report.district.pollutants['PM2.5']).toMatchObject({ mean: 60, p95: 60 });
    expect(Object.keys(report.sites).sort()).toEqual(['A', 'B']);
  });

  it('writes the daily table as CSV that Excel opens', async () => {
    const { stdout } = await qingshan(
      '--db',
      db,
      'air',
      'daily',
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-02',
      '--sites',
      'B',
      '--format',
      'csv',
    );
    const lines = stdout.split('\r\n');
    expect(lines[0]).toBe('\uFEFF日期,站点,AQI,类别,首要污染物,PM2.5,PM10,SO2,NO2,CO,O3-8h,有效,依据');
    // Station B, HJ 633-2012: PM2.5 80 → 107, light pollution; the day counts (all six valid, issue 13's 依据).
    expect(lines[1]).toBe(
      '2025-01-01,district,107,轻度污染,PM2.5,80,100,20,40,1,140,是,六项均有效：计入（GB 3095-2012 表4 [M]）',
    );
  });

  it('says which site codes are unknown', async () => {
    const { code, stderr } = await qingshan(
      '--db',
      db,
      'air',
      'report',
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-02',
      '--sites',
      'Z9',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('Z9');
  });
});

describe('qingshan --help', () => {
  it('lists the commands', async () => {
    const { code, stdout } = await qingshan('--help');
    expect(code).toBe(0);
    for (const c of ['air', 'import', 'serve', 'sites']) expect(stdout).toContain(c);
  });
});
