import fc from 'fast-check';
import { Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { listSiteValues } from './device-data.repository.ts';
import { countMeasurements, type MeasurementInput, upsertMeasurements } from './measurements.repository.ts';
import { staticMigrationProvider } from './migrations/index.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const PARAMETERS = ['CO', 'NO2', 'PM10', 'PM2.5'];

async function twoSites(db: TestDb['db']) {
  const a = await upsertSite(db, { code: 'QB-R01', name: '实时甲', kind: 'air_station' });
  const b = await upsertSite(db, { code: 'QB-R02', name: '实时乙', kind: 'air_station' });
  return [a.id, b.id] as const;
}

function raw(
  siteId: number,
  parameter: string,
  time: number,
  value: number | null,
  flag = 'N',
): MeasurementInput {
  return { site_id: siteId, parameter, period: 'raw', time, value, flag, source: 'hj212' };
}

const read = (db: TestDb['db'], siteId: number) =>
  listSiteValues(db, EVERY_SITE, {
    siteId,
    parameters: PARAMETERS,
    period: 'raw',
    from: T - 1,
    to: T + 86_400_000,
  });

forEachEngine('storage: real-time values (realtime_values, migration 0007)', (current) => {
  it('reads back per site, newest first then by parameter, limited in values', async () => {
    const { db } = current();
    const [a, b] = await twoSites(db);
    await upsertMeasurements(
      db,
      [
        raw(a, 'PM2.5', T, 35),
        raw(a, 'CO', T, 0.6, 'D'),
        raw(b, 'PM2.5', T, 99),
        raw(a, 'PM2.5', T + 30_000, 36),
        raw(a, 'NO2', T + 30_000, null),
      ],
      T + 5,
    );
    expect((await read(db, a)).map((v) => [v.parameter, v.time - T, v.value, v.flag])).toEqual([
      ['NO2', 30_000, null, 'N'],
      ['PM2.5', 30_000, 36, 'N'],
      ['CO', 0, 0.6, 'D'],
      ['PM2.5', 0, 35, 'N'],
    ]);
    const firstThree = await listSiteValues(db, EVERY_SITE, {
      siteId: a,
      parameters: PARAMETERS,
      period: 'raw',
      limit: 3,
    });
    expect(firstThree).toHaveLength(3);
    expect(
      await listSiteValues(db, EVERY_SITE, { siteId: a, parameters: ['CO'], period: 'raw' }),
    ).toMatchObject([{ parameter: 'CO', value: 0.6, received_at: T + 5 }]);
    // Counted as values, as they were when they lived in `measurements`.
    expect(await countMeasurements(db, EVERY_SITE)).toBe(5);
    expect(await countMeasurements(db, EVERY_SITE, { period: 'raw', siteIds: [a] })).toBe(4);
    expect(await countMeasurements(db, EVERY_SITE, { parameter: 'PM2.5' })).toBe(3);
    expect(await countMeasurements(db, EVERY_SITE, { period: 'hour' })).toBe(0);
  });

  it('merges the parts of one instant sent in separate packets (sub-packets, factors split)', async () => {
    const { db } = current();
    const [a] = await twoSites(db);
    await upsertMeasurements(db, [raw(a, 'PM2.5', T, 35), raw(a, 'PM10', T, 60)], T + 1);
    await upsertMeasurements(db, [raw(a, 'CO', T, 0.7), raw(a, 'PM10', T, 61)], T + 2);
    expect((await read(db, a)).map((v) => [v.parameter, v.value])).toEqual([
      ['CO', 0.7],
      ['PM10', 61],
      ['PM2.5', 35],
    ]);
  });

  it('keeps one value per site, parameter and instant whatever the batches (model check)', async () => {
    const { db } = current();
    const [a, b] = await twoSites(db);
    const write = fc.record({
      site: fc.constantFrom(a, b),
      parameter: fc.constantFrom(...PARAMETERS),
      time: fc.integer({ min: 0, max: 4 }).map((i) => T + i * 30_000),
      value: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }),
      flag: fc.constantFrom('N', 'D', 'T'),
    });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(write, { maxLength: 12 }), { maxLength: 5 }), async (batches) => {
        round++;
        await db.deleteFrom('realtime_values').execute();
        const model = new Map<string, [number | null, string]>();
        for (const batch of batches) {
          await upsertMeasurements(
            db,
            batch.map((w) => raw(w.site, w.parameter, w.time, w.value, w.flag)),
            T + round,
          );
          for (const w of batch) model.set(`${w.site}|${w.parameter}|${w.time}`, [w.value, w.flag]);
        }
        const stored = new Map<string, [number | null, string | null]>();
        for (const site of [a, b]) {
          for (const v of await read(db, site))
            stored.set(`${site}|${v.parameter}|${v.time}`, [v.value, v.flag]);
        }
        // -0 is stored as 0 by JSON: the same number to anyone reading it.
        const normal = (m: Map<string, [number | null, string | null]>) =>
          [...m].map(([k, [v, f]]) => [k, v === 0 ? 0 : v, f]).sort();
        expect(normal(stored)).toEqual(normal(model));
      }),
      { numRuns: 25 },
    );
  });

  it('migration 0007 moves real-time rows out of measurements, and back when undone', async () => {
    const { db } = current();
    const [a] = await twoSites(db);
    const migrator = new Migrator({ db, provider: staticMigrationProvider });
    // Back to the schema before 0007 (the later migrations are undone first, newest first).
    const down = await migrator.migrateTo('0006-api-token-expiry');
    expect(down.error).toBeUndefined();
    expect(down.results?.at(-1)).toMatchObject({ migrationName: '0007-realtime-values', status: 'Success' });
    const old = [
      ['PM2.5', T, 35, 'N'],
      ['CO', T, null, 'D'],
      ['PM2.5', T + 30_000, 36, 'N'],
    ] as const;
    await db
      .insertInto('measurements')
      .values(
        old.map(([parameter, time, value, flag]) => ({
          site_id: a,
          parameter,
          period: 'raw' as const,
          time,
          value,
          flag,
          source: 'hj212',
          received_at: T + 9,
        })),
      )
      .execute();
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect((await read(db, a)).map((v) => [v.parameter, v.time, v.value, v.flag, v.received_at])).toEqual([
      ['PM2.5', T + 30_000, 36, 'N', T + 9],
      ['CO', T, null, 'D', T + 9],
      ['PM2.5', T, 35, 'N', T + 9],
    ]);
    expect(await db.selectFrom('measurements').selectAll().execute()).toEqual([]);

    expect((await migrator.migrateTo('0006-api-token-expiry')).error).toBeUndefined();
    const back = await db.selectFrom('measurements').select(['parameter', 'time', 'value', 'flag']).execute();
    expect(back.map((r) => [r.parameter, Number(r.time), r.value, r.flag]).sort()).toEqual(
      old.map((r) => [...r]).sort(),
    );
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
