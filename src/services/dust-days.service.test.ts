import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import { startOfDay } from '#rules/time/calendar.ts';
import { listAudit } from '#store/audit-log.repository.ts';
import { upsertMeasurements } from '#store/measurements.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { airReport } from './air-report.service.ts';
import { markDustDay, unmarkDustDay } from './dust-days.service.ts';
import { importDustDays, parseDustDaysCsv } from './dust-days-import.service.ts';
import { UserError } from './errors.ts';

let db: Db;

beforeEach(async () => {
  db = await openDb(':memory:');
  await migrateToLatest(db.db);
  const site = await upsertSite(db.db, { code: 'S', name: '站', kind: 'air_station' });
  // Two days: PM10 100 on the first, 300 on the second (a dust storm); other pollutants low and constant.
  const rows = [];
  for (const [day, pm10] of [
    ['2025-04-01', 100],
    ['2025-04-02', 300],
  ] as const) {
    for (let h = 0; h < 24; h++) {
      const time = startOfDay(day) + h * 3_600_000;
      const values = { 'PM2.5': 30, PM10: pm10, SO2: 10, NO2: 20, CO: 0.5, O3: 80 };
      for (const [parameter, value] of Object.entries(values)) {
        rows.push({ site_id: site.id, parameter, period: 'hour' as const, time, value, source: 'test' });
      }
    }
  }
  await upsertMeasurements(db.db, rows);
});

afterEach(async () => {
  await db.close();
});

describe('sand-dust days', () => {
  it('an exceptional day is deducted like a sand-dust day by default, and not when so configured [M]', async () => {
    await markDustDay(db, '2025-04-02', '烟花', { actor: '张三', origin: 'cli' }, { kind: 'exceptional' });
    const range = { from: '2025-04-01', to: '2025-04-02', yoy: false };
    const alike = await airReport(db, EVERY_SITE, range);
    expect(alike.district.pollutants.PM10.mean).toBe(100);
    expect(alike.deductedDays.map((d) => d.kind)).toEqual(['exceptional']);
    expect(alike.notes.find((n) => n.code === 'exceptional-days')?.en).toContain('deducted like sand-dust');
    const kept = await airReport(db, EVERY_SITE, range, undefined, {
      ...DEFAULT_AIR_METHOD,
      exceptionalDays: 'not-deducted',
    });
    expect(kept.district.pollutants.PM10.mean).toBe(200);
    expect(kept.deductedDays).toEqual([]);
    expect(kept.notes.find((n) => n.code === 'exceptional-days')?.en).toContain('not deducted');
  });

  it('the headline deducts them (day counts, PM, composite); the actual figures keep them; changes are audited', async () => {
    const before = await airReport(db, EVERY_SITE, { from: '2025-04-01', to: '2025-04-02', yoy: false });
    expect(before.district.pollutants.PM10.mean).toBe(200);
    // PM10 300 µg/m³ lies between the 250 and 350 breakpoints (IAQI 150–200): 175, moderate pollution.
    expect(before.district.goodDays).toBe(1);

    await markDustDay(db, '2025-04-02', '沙尘过程', { actor: '张三', origin: 'cli' });
    const after = await airReport(db, EVERY_SITE, { from: '2025-04-01', to: '2025-04-02', yoy: false });
    expect(after.district.pollutants.PM10.mean).toBe(100);
    expect(after.district).toMatchObject({ validDays: 1, goodDays: 1, goodRatio: 100, sandDustDays: 1 });
    // 实况: nothing deducted, as before the mark.
    expect(after.district.actual).toMatchObject({
      validDays: 2,
      goodDays: 1,
      goodRatio: 50,
      sandDustDays: 0,
    });
    expect(after.district.actual.pollutants.PM10.mean).toBe(200);
    expect(after.headline).toBe('deducted');
    expect(after.deductedDays).toEqual([{ date: '2025-04-02', kind: 'sand_dust', noticeRef: null }]);
    // No day marked: the actual figures are the headline's.
    const { actual, mom: _m, yoy: _y, ...headline } = before.district;
    expect(actual).toEqual(headline);

    await unmarkDustDay(db, '2025-04-02', { actor: '李四', origin: 'http 127.0.0.1' });
    const audit = await listAudit(db.db);
    expect(audit.map((a) => [a.actor, a.action, a.entity_id, a.origin, a.before, a.after])).toEqual([
      [
        '李四',
        'unmark',
        '2025-04-02',
        'http 127.0.0.1',
        '{"note":"沙尘过程","kind":"sand_dust","noticeRef":null}',
        null,
      ],
      ['张三', 'mark', '2025-04-02', 'cli', null, '{"note":"沙尘过程","kind":"sand_dust","noticeRef":null}'],
    ]);
  });

  it('refuses to unmark a day that is not marked', async () => {
    await expect(unmarkDustDay(db, '2025-04-01', { actor: '张三' })).rejects.toBeInstanceOf(UserError);
    expect(await listAudit(db.db)).toHaveLength(0);
  });
});

describe('importing sand-dust and exceptional days from a CSV file', () => {
  it('reports every bad line by its number and writes nothing', async () => {
    const csv = [
      'date,kind,notice_ref,note',
      '2025-04-02,sand_dust,豫环办〔2025〕12号,沙尘过程',
      '2025-04-31,sand_dust,豫环办〔2025〕12号,',
      '2025-04-03,smoke,X,',
      '2025-04-04,exceptional,,',
      '2025-04-02,异常日,X,',
    ].join('\n');
    expect(parseDustDaysCsv(csv).bad.map((b) => b.line)).toEqual([3, 4, 5, 6]);
    const err = await importDustDays(db, csv, { actor: '张三', file: 'days.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    for (const line of [3, 4, 5, 6]) expect(msg).toContain(`line ${line}:`);
    expect(msg).toContain('same date as line 2');
    expect(await listAudit(db.db)).toHaveLength(0);
    const r = await airReport(db, EVERY_SITE, { from: '2025-04-01', to: '2025-04-02', yoy: false });
    expect(r.deductedDays).toEqual([]);
  });

  it('imports a good file (Chinese header, BOM, quoted note), audits each day, and the report deducts them', async () => {
    const csv =
      '\uFEFF日期,类型,文号,说明\r\n2025-04-02,沙尘天气,豫环办〔2025〕12号,"沙尘过程, 西北路径"\r\n';
    const done = await importDustDays(db, csv, { actor: '张三', origin: 'cli', file: 'days.csv' });
    expect(done.imported).toBe(1);
    const audit = await listAudit(db.db);
    expect(audit.map((a) => [a.actor, a.action, a.entity_id, a.origin])).toEqual([
      ['张三', 'mark', '2025-04-02', 'cli import days.csv'],
    ]);
    expect(JSON.parse(audit[0]?.after ?? '{}')).toEqual({
      note: '沙尘过程, 西北路径',
      kind: 'sand_dust',
      noticeRef: '豫环办〔2025〕12号',
    });
    const r = await airReport(db, EVERY_SITE, { from: '2025-04-01', to: '2025-04-02', yoy: false });
    expect(r.deductedDays).toEqual([
      { date: '2025-04-02', kind: 'sand_dust', noticeRef: '豫环办〔2025〕12号' },
    ]);
    expect([r.district.validDays, r.district.actual.validDays]).toEqual([1, 2]);
  });

  it('refuses a file without the required columns', () => {
    expect(parseDustDaysCsv('date,note\n2025-04-02,x').bad).toEqual([
      { line: 1, reason: expect.stringContaining('kind, noticeRef') },
    ]);
  });
});
