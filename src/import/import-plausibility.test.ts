import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAUSIBILITY } from '#config/plausibility.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { countMeasurements } from '../store/measurements.repository.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { importAirFiles } from './import-air-files.ts';

// Issue 11: the file import applies the receiver's plausibility rule, row by row, with the line number.
const NOW = Date.parse('2026-05-01T10:30:00+08:00');

function csv(lines: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'qs-imp-')), 'air.csv');
  writeFileSync(file, ['site,time,PM2.5,PM10,SO2,NO2,CO,O3', ...lines].join('\n'));
  return file;
}

describe('import: plausibility', () => {
  it('skips a row dated in the future or with an absurd value, reports its line, keeps old history', async () => {
    const db = await openDb(':memory:');
    await migrateToLatest(db.db);
    const file = csv([
      'QB-PL,2014-03-01 00:00,40,80,9,30,1.2,50', // line 2: history years back: fine for an import
      'QB-PL,2026-05-01 10:00,40,80,9,30,1.2,50', // line 3: the current hour
      'QB-PL,2099-01-01 00:00,40,80,9,30,1.2,50', // line 4: the future
      'QB-PL,2026-05-01 09:00,99999999,80,9,30,1.2,50', // line 5: absurd PM2.5
      'QB-PL,2026-05-01 08:00,40,80,9,30,500,50', // line 6: CO beyond 100 mg/m³
    ]);
    const result = await importAirFiles(db.db, [file], { receivedAt: NOW });
    const [f] = result.files;
    expect(f).toMatchObject({ status: 'imported', rows: 2, values: 12, errorCount: 3 });
    expect(f?.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(f?.errors[0]?.reason).toMatch(/^implausible time-ahead: 数据时间超前接收时间/);
    expect(f?.errors[1]?.reason).toMatch(/PM2\.5 value 99999999 outside the plausible range 0–2000/);
    expect(f?.errors[2]?.reason).toMatch(/CO 数值 500 超出合理范围 0–100/);
    expect(await countMeasurements(db.db, EVERY_SITE, {})).toBe(12);
    // A configured range is honoured (here a wider CO range lets line 6 in).
    const wide = {
      ...DEFAULT_PLAUSIBILITY.base,
      ranges: { ...DEFAULT_PLAUSIBILITY.base.ranges, CO: { min: 0, max: 1000 } },
    };
    const again = await importAirFiles(db.db, [file], { receivedAt: NOW, plausibility: wide });
    expect(again.files[0]?.errors.map((e) => e.line)).toEqual([4, 5]);
    await db.close();
  });
});
