import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import type { MeasurementInput } from './measurements.repository.ts';
import {
  countMeasurements,
  hourlySeries,
  UPSERT_BATCH_ROWS,
  upsertMeasurements,
} from './measurements.repository.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1) - 8 * HOUR; // 2024-01-01 00:00 Asia/Shanghai, > 2^31

async function twoSites(handle: TestDb) {
  const a = await upsertSite(handle.db, { code: 'A', name: '站A', kind: 'air_station' });
  const b = await upsertSite(handle.db, { code: 'B', name: '站B', kind: 'air_station' });
  return [a.id, b.id] as const;
}

function hourly(
  siteId: number,
  parameter: string,
  hours: number,
  value: (h: number) => number | null,
): MeasurementInput[] {
  return Array.from({ length: hours }, (_, h) => ({
    site_id: siteId,
    parameter,
    period: 'hour' as const,
    time: T0 + h * HOUR,
    value: value(h),
    source: 'test',
  }));
}

forEachEngine('storage: measurements', (current) => {
  it('round-trips values, nulls, flags and epoch ms exactly', async () => {
    const { db } = current();
    const [a] = await twoSites(current());
    const far = 4_102_444_800_000; // 2100-01-01, far beyond 2^31 and 2^32
    await upsertMeasurements(
      db,
      [
        {
          site_id: a,
          parameter: 'PM2.5',
          period: 'hour',
          time: far,
          value: 0.1 + 0.2,
          flag: 'N',
          source: 's',
        },
        { site_id: a, parameter: 'CO', period: 'hour', time: far, value: null, flag: 'D', source: 's' },
      ],
      1_712_345_678_901,
    );
    const rows = await db.selectFrom('measurements').selectAll().orderBy('parameter').execute();
    expect(rows).toEqual([
      {
        site_id: a,
        parameter: 'CO',
        period: 'hour',
        time: far,
        value: null,
        flag: 'D',
        source: 's',
        received_at: 1_712_345_678_901,
      },
      {
        site_id: a,
        parameter: 'PM2.5',
        period: 'hour',
        time: far,
        value: 0.1 + 0.2,
        flag: 'N',
        source: 's',
        received_at: 1_712_345_678_901,
      },
    ]);
    expect(typeof rows[0]?.time).toBe('number');
  });

  it('re-import changes nothing; a changed value replaces the stored one', async () => {
    const { db } = current();
    const [a, b] = await twoSites(current());
    const rows = [
      ...hourly(a, 'PM10', 30, (h) => h),
      ...hourly(b, 'PM10', 30, (h) => (h % 7 ? h * 2 : null)),
    ];
    await upsertMeasurements(db, rows, 100);
    const before = await db
      .selectFrom('measurements')
      .selectAll()
      .orderBy('site_id')
      .orderBy('time')
      .execute();
    await upsertMeasurements(db, rows, 200);
    const after = await db
      .selectFrom('measurements')
      .selectAll()
      .orderBy('site_id')
      .orderBy('time')
      .execute();
    expect(after).toEqual(before);
    expect(await countMeasurements(db, EVERY_SITE)).toBe(60);

    await upsertMeasurements(db, [{ ...rows[3], value: 99, flag: 'M' } as MeasurementInput], 300);
    const changed = await db
      .selectFrom('measurements')
      .selectAll()
      .where('site_id', '=', a)
      .where('time', '=', T0 + 3 * HOUR)
      .executeTakeFirstOrThrow();
    expect(changed).toMatchObject({ value: 99, flag: 'M', received_at: 300 });
    expect(await countMeasurements(db, EVERY_SITE)).toBe(60);
  });

  it('upserts more than one batch in one call', async () => {
    const { db } = current();
    const [a, b] = await twoSites(current());
    const n = UPSERT_BATCH_ROWS + 1234;
    const rows = [...hourly(a, 'O3', n, (h) => h / 10), ...hourly(b, 'O3', 17, () => 1)];
    expect(await upsertMeasurements(db, rows)).toBe(n + 17);
    expect(await countMeasurements(db, EVERY_SITE, { siteIds: [a], parameter: 'O3', period: 'hour' })).toBe(
      n,
    );
    const [series] = await hourlySeries(db, EVERY_SITE, {
      siteIds: [a],
      parameters: ['O3'],
      from: T0,
      to: T0 + n * HOUR,
    });
    expect(series?.values[n - 1]).toBe((n - 1) / 10);
  });

  it('rolls back the whole call when a row is refused', async () => {
    const { db } = current();
    const [a] = await twoSites(current());
    const rows = [...hourly(a, 'SO2', UPSERT_BATCH_ROWS + 10, () => 1), ...hourly(a, 'NOPE', 1, () => 1)];
    await expect(upsertMeasurements(db, rows)).rejects.toThrow();
    expect(await countMeasurements(db, EVERY_SITE)).toBe(0);
  });

  it('returns hourly series as column arrays, grouped and ordered, within [from, to)', async () => {
    const { db } = current();
    const [a, b] = await twoSites(current());
    await upsertMeasurements(db, [
      ...hourly(b, 'NO2', 5, (h) => h),
      ...hourly(a, 'NO2', 5, (h) => 10 + h),
      ...hourly(a, 'CO', 5, (h) => (h === 2 ? null : 0.5)),
      ...hourly(a, 'SO2', 5, () => 3),
      { site_id: a, parameter: 'NO2', period: 'day', time: T0, value: 42, source: 'test' },
    ]);
    const series = await hourlySeries(db, EVERY_SITE, {
      siteIds: [b, a],
      parameters: ['NO2', 'CO'],
      from: T0 + HOUR,
      to: T0 + 4 * HOUR,
    });
    expect(series.map((s) => [s.siteId, s.parameter])).toEqual([
      [a, 'CO'],
      [a, 'NO2'],
      [b, 'NO2'],
    ]);
    expect(series[0]).toEqual({
      siteId: a,
      parameter: 'CO',
      times: [T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR],
      values: [0.5, null, 0.5],
      flags: [null, null, null],
    });
    expect(series[1]?.values).toEqual([11, 12, 13]);
    expect(
      await hourlySeries(db, EVERY_SITE, { siteIds: [], parameters: ['NO2'], from: T0, to: T0 + HOUR }),
    ).toEqual([]);
    expect(await countMeasurements(db, EVERY_SITE, { period: 'day' })).toBe(1);
    expect(await countMeasurements(db, EVERY_SITE, { source: 'other' })).toBe(0);
  });
});
