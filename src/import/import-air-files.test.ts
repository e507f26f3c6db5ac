import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { countMeasurements, hourlySeries } from '../store/measurements.repository.ts';
import { findSiteByCode, upsertSite } from '../store/sites.repository.ts';
import { forEachEngine } from '../store/test-engines.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { type ImportProgress, importAirFiles } from './import-air-files.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const HOUR = 3_600_000;
const local = (y: number, m: number, d: number, h: number) => Date.UTC(y, m - 1, d, h) - 8 * HOUR;
const ALL = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'];

forEachEngine('import: fixture files', (current) => {
  it('imports the long form, reporting each bad line with its reason', async () => {
    const { db } = current();
    const result = await importAirFiles(db, [fixture('qingshan-long.csv')]);
    const [file] = result.files;
    expect(file).toMatchObject({
      status: 'imported',
      rows: 6,
      values: 5,
      errorCount: 9,
      createdSites: ['QB-JS', '淇滨区,金山站'],
    });
    expect(file?.errors.map((e) => e.line)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 16]);
    const reasons = file?.errors.map((e) => e.reason).join('\n');
    for (const r of [
      'expected 5 columns, got 4',
      'not a number',
      'negative',
      'no such date',
      'not the start of an hour',
      'unknown parameter "NH3"',
      'unknown flag',
      'already on line 2',
      'unterminated',
    ]) {
      expect(reasons).toContain(r);
    }
    const site = await findSiteByCode(db, EVERY_SITE, 'QB-JS');
    // One measurements.stored outbox event for the file, in its transaction (issue 14: live dashboards refresh).
    const events = await db.selectFrom('outbox').select(['topic', 'payload']).execute();
    expect(events.map((e) => [e.topic, JSON.parse(e.payload).values])).toEqual([['measurements.stored', 5]]);
    const series = await hourlySeries(db, EVERY_SITE, {
      siteIds: [site?.id ?? -1],
      parameters: ['PM2.5', 'CO', 'O3'],
      from: local(2024, 1, 1, 0),
      to: local(2024, 1, 2, 0),
    });
    expect(series.map((s) => [s.parameter, s.values, s.flags])).toEqual([
      ['CO', [0.8], [null]],
      ['O3', [88], ['N']],
      ['PM2.5', [35, null], ['N', 'D']],
    ]);
    expect(series[2]?.times).toEqual([local(2024, 1, 1, 0), local(2024, 1, 1, 1)]);
  });

  it('imports the wide form (BOM, CRLF, NA and empty cells skipped)', async () => {
    const { db } = current();
    await upsertSite(db, { code: 'QB-DL', name: '大赉店站', kind: 'air_station', tier: 'township' });
    const { files, totalValues } = await importAirFiles(db, [fixture('qingshan-wide.csv')]);
    expect(files[0]).toMatchObject({ rows: 3, values: 16, errorCount: 3, createdSites: [] });
    expect(files[0]?.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(totalValues).toBe(16);
    const [co] = await hourlySeries(db, EVERY_SITE, {
      siteIds: [1],
      parameters: ['CO'],
      from: 0,
      to: 2 ** 45,
    });
    expect(co?.values).toEqual([1.2, 1.1, 1.25]);
  });

  it('imports PRSA files: CO µg→mg exactly, NA skipped, stations created, hour = start of hour +08:00', async () => {
    const { db } = current();
    const result = await importAirFiles(db, [fixture('prsa-small.csv')], { format: 'prsa' });
    const [file] = result.files;
    expect(file).toMatchObject({
      rows: 4,
      values: 17,
      errorCount: 5,
      createdSites: ['Testville', 'Other Town'],
    });
    expect(file?.errors).toEqual([
      { line: 5, reason: 'O3: negative concentration -2' },
      { line: 6, reason: 'expected 18 columns, got 17' },
      { line: 7, reason: 'bad date/hour 2013-2-29 hour 5' },
      { line: 8, reason: 'bad date/hour 2013-3-1 hour 24' },
      { line: 9, reason: 'PM2.5: not a number: "x3"' },
    ]);
    const site = await findSiteByCode(db, EVERY_SITE, 'Testville');
    expect(site).toMatchObject({ kind: 'air_station', tier: 'national', isSample: false });
    const series = await hourlySeries(db, EVERY_SITE, {
      siteIds: [site?.id ?? -1],
      parameters: ALL,
      from: 0,
      to: 2 ** 45,
    });
    const co = series.find((s) => s.parameter === 'CO');
    expect(co?.values).toEqual([0.3, 1.2345]);
    expect(co?.times).toEqual([local(2013, 3, 1, 0), local(2013, 3, 1, 1)]);
    expect(series.find((s) => s.parameter === 'SO2')?.values).toEqual([4]);
    expect(await countMeasurements(db, EVERY_SITE, { source: 'import:prsa' })).toBe(17);
  });

  it('re-import changes nothing', async () => {
    const { db } = current();
    await importAirFiles(db, [fixture('prsa-small.csv')], { format: 'prsa', receivedAt: 1 });
    const before = await db
      .selectFrom('measurements')
      .selectAll()
      .orderBy('site_id')
      .orderBy('parameter')
      .orderBy('time')
      .execute();
    const again = await importAirFiles(db, [fixture('prsa-small.csv')], { format: 'prsa', receivedAt: 2 });
    expect(again.files[0]?.createdSites).toEqual([]);
    const after = await db
      .selectFrom('measurements')
      .selectAll()
      .orderBy('site_id')
      .orderBy('parameter')
      .orderBy('time')
      .execute();
    expect(after).toEqual(before);
  });

  it('rolls back a file with a bad header or that cannot be read, and goes on with the next', async () => {
    const { db } = current();
    const progress: ImportProgress[] = [];
    const result = await importAirFiles(
      db,
      [fixture('bad-header.csv'), fixture('missing.csv'), fixture('prsa-small.csv')],
      { format: 'prsa', onProgress: (p) => progress.push(p) },
    );
    expect(result.files.map((f) => f.status)).toEqual(['failed', 'failed', 'imported']);
    expect(result.files[0]?.errors[0]).toMatchObject({
      line: 1,
      reason: expect.stringContaining('missing column(s) year'),
    });
    expect(result.files[1]?.errors[0]?.reason).toContain('ENOENT');
    expect(result).toMatchObject({ totalValues: 17, totalRows: 4, totalErrors: 7 });
    expect(await countMeasurements(db, EVERY_SITE)).toBe(17);
    const last = progress.at(-1);
    expect(last).toMatchObject({ fileIndex: 2, fileCount: 3, rowsDone: 9 });
    expect(last?.bytesDone).toBe(last?.totalBytes);
  });
});
