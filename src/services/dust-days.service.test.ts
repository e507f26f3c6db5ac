import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOfDay } from '#rules/air/calendar.ts';
import { listAudit } from '#store/audit-log.repository.ts';
import { upsertMeasurements } from '#store/measurements.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { airReport } from './air-report.service.ts';
import { markDustDay, unmarkDustDay } from './dust-days.service.ts';
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
  it('are deducted from PM concentrations but kept in the day counts, and every change is audited', async () => {
    const before = await airReport(db, { from: '2025-04-01', to: '2025-04-02', yoy: false });
    expect(before.district.pollutants.PM10.mean).toBe(200);
    // PM10 300 µg/m³ lies between the 250 and 350 breakpoints (IAQI 150–200): 175, moderate pollution.
    expect(before.district.goodDays).toBe(1);

    await markDustDay(db, '2025-04-02', '沙尘过程', { actor: '张三', origin: 'cli' });
    const after = await airReport(db, { from: '2025-04-01', to: '2025-04-02', yoy: false });
    expect(after.district.pollutants.PM10.mean).toBe(100);
    expect(after.district).toMatchObject({ validDays: 2, goodDays: 1, sandDustDays: 1 });

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
