import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { runQingshan } from '../test-support/run-cli.ts';

// The whole Beijing multi-site set (12 national stations, 2013-03 … 2017-02), read in place, imported with one
// command, then the yearly district reports compared with what Beijing's municipal bulletins published
// (北京市生态环境状况公报 2014–2016: PM2.5 annual mean and good days [M: figures from memory of the bulletins]).
// Beijing's official network had 35 stations, so agreement is expected within a few percent, not exactly.
const DATA = fileURLToPath(new URL('../../../shared/data/beijing-multisite/', import.meta.url));
const files = existsSync(DATA)
  ? readdirSync(DATA)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(DATA, f))
  : [];
if (files.length === 0) console.warn(`\n!!! SKIPPED: Beijing end-to-end test — no data at ${DATA}\n`);

const OFFICIAL = [
  { year: 2014, pm25: 85.9, goodDays: 172 },
  { year: 2015, pm25: 80.6, goodDays: 186 },
  { year: 2016, pm25: 73, goodDays: 198 },
];

describe.skipIf(files.length === 0)('Beijing multi-site data, end to end', () => {
  it('imports all 12 stations in one command and the yearly reports agree with the published figures', async () => {
    const db = tempDbPath();
    const env = { QINGSHAN_DB: db };
    const allSix = join(db, '..', 'all-six.json');
    writeFileSync(allSix, JSON.stringify({ air: { dayRule: 'all-six' } }));
    const imported = await runQingshan(['import', 'air', ...files, '--format', 'prsa', '--json'], env);
    expect(imported.code).toBe(0);
    const summary = JSON.parse(imported.stdout);
    expect(summary.files).toHaveLength(12);
    expect(summary.totalErrors).toBe(0);
    expect(summary.totalRows).toBe(12 * 35_064);

    for (const { year, pm25, goodDays } of OFFICIAL) {
      const { stdout } = await runQingshan(
        ['air', 'report', '--from', `${year}-01-01`, '--to', `${year}-12-31`, '--all', '--format', 'json'],
        env,
      );
      const report = JSON.parse(stdout);
      expect(report.stations).toHaveLength(12);
      expect(report.ruleSets).toEqual(['2012']);
      const district = report.district;
      expect(district.validDays).toBeGreaterThanOrEqual(324);
      expect(Math.abs(district.pollutants['PM2.5'].mean - pm25) / pm25).toBeLessThan(0.05);
      expect(Math.abs(district.goodDays - goodDays)).toBeLessThanOrEqual(8);
      expect(
        Math.abs(district.goodRatio - (district.goodDays / district.validDays) * 100),
      ).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Object.keys(report.sites)).toHaveLength(12);
      // Issue 13: the notes say which rules produced these figures — the 2012 set, the day rule, the district
      // method, the 2012 divisors and the rounding table (unchanged defaults, so the figures above are too).
      const note = (code: string) => report.notes.find((n: { code: string }) => n.code === code);
      expect(note('standards').en).toContain('HJ 633-2012 / HJ 663-2013 / GB 3095-2012');
      // The day-rule note is the day rule by date (rules/air/day-rule.ts): before 2026-03-01, all six valid.
      expect(note('day-rule').en).toContain('before 2026-03-01: all six valid');
      expect(note('district-method').en).toContain('hour-first');
      expect(note('composite-divisors').en).toContain('gb3095-2012');
      expect(note('composite-divisors').en).toContain('PM10 70, PM2.5 35');
      expect(note('rounding').en).toContain('PM2.5 0.1');
      expect(note('rounding').en).toContain('CO 0.1');
      expect(note('rounding').en).toContain('composite 0.01');
      expect(report.rounding.concentration['PM2.5']).toBe(1);
      // Issue 13: under the 2012 rules the day rule by date is the old all-six rule, so these figures are the ones
      // the platform always gave; with no sand-dust day marked the headline equals the actual figures.
      expect(report.dayRule).toBe('by-date');
      expect(report.deductedDays).toEqual([]);
      const { actual, mom: _m, yoy: _y, ...headline } = district;
      expect(actual).toEqual(headline);
      const old = await runQingshan(
        [
          '--config',
          allSix,
          'air',
          'report',
          '--from',
          `${year}-01-01`,
          '--to',
          `${year}-12-31`,
          '--all',
          '--format',
          'json',
        ],
        env,
      );
      const oldReport = JSON.parse(old.stdout);
      expect(oldReport.dayRule).toBe('all-six');
      expect(oldReport.district).toEqual(district);
      expect(oldReport.sites).toEqual(report.sites);
    }
    // The table view prints the same notes below the table, Chinese first.
    const table = await runQingshan(
      ['air', 'report', '--from', '2015-01-01', '--to', '2015-12-31', '--all', '--format', 'table'],
      env,
    );
    expect(table.stdout).toContain('说明 / Notes:');
    expect(table.stdout).toMatch(
      /有效天规则（按数据日期）：2026-03-01 前：六项指标均有效方计入.*\/ Day rule by date/,
    );
    expect(table.stdout).toMatch(/修约（GB\/T 8170，四舍六入五成双）：.*PM2\.5 0\.1/);
  }, 240_000);
});
