import { Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { listSiteValues } from './device-data.repository.ts';
import { listDeviceValues } from './device-values.repository.ts';
import { findDevice, upsertDevice } from './devices.repository.ts';
import { staticMigrationProvider } from './migrations/index.ts';
import {
  commitIngestBatch,
  type IngestMeasurement,
  type IngestRealtime,
  type IngestTarget,
} from './receiver-batch.repository.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

// Loggers apart from sites (issue 12): each logger keeps its own values; the site's follow
// rules/monitoring/logger-precedence.ts (the main wins, a backup fills gaps, a later main value replaces it).
const H = 3_600_000;
const T = 1_767_225_600_000;
const MAIN = 'QBMAIN00000000000000001';
const BACKUP = 'QBBACKUP000000000000001';

async function setup(db: TestDb['db']) {
  const site = await upsertSite(db, { code: 'QB-L01', name: '双数采站', kind: 'air_station' });
  await upsertDevice(db, { mn: MAIN, siteId: site.id, password: 'p', factors: [] });
  await upsertDevice(db, { mn: BACKUP, siteId: site.id, password: 'p', role: 'backup', factors: [] });
  const hourly = (mn: string, time: number, value: number): IngestMeasurement => ({
    site_id: site.id,
    parameter: 'PM2.5',
    period: 'hour',
    time,
    value,
    flag: 'N',
    source: `hj212:${mn}`,
    mn,
    backup: mn === BACKUP,
  });
  const realtime = (mn: string, time: number, readings: object, at: number): IngestRealtime => ({
    time,
    site_id: site.id,
    readings: JSON.stringify(readings),
    source: `hj212:${mn}`,
    received_at: at,
    mn,
    backup: mn === BACKUP,
  });
  return { siteId: site.id, hourly, realtime };
}

const batch = (measurements: IngestMeasurement[], realtime: IngestRealtime[] = []) => ({
  raw: [],
  measurements,
  realtime,
  statuses: [],
  events: [],
});

const targets: [string, (h: TestDb) => IngestTarget][] = [
  ['handle', (h) => h],
  ['kysely', (h) => h.db],
];

forEachEngine('storage: values per logger and per site (issue 12)', (current) => {
  it('devices get a role; existing ones and new ones without one are main; an update keeps it', async () => {
    const { db } = current();
    await setup(db);
    expect((await findDevice(db, EVERY_SITE, MAIN))?.role).toBe('main');
    expect((await findDevice(db, EVERY_SITE, BACKUP))?.role).toBe('backup');
    const site = await db
      .selectFrom('sites')
      .select('id')
      .where('code', '=', 'QB-L01')
      .executeTakeFirstOrThrow();
    await upsertDevice(db, { mn: BACKUP, siteId: site.id, password: 'q', factors: [] });
    expect((await findDevice(db, EVERY_SITE, BACKUP))?.role).toBe('backup');
  });

  for (const [way, target] of targets) {
    it(`hourly: the main wins, the backup fills a gap, a later main value replaces it (${way})`, async () => {
      const { db } = current();
      const { siteId, hourly } = await setup(db);
      // Hour 0: both deliver, backup first in the same commit. Hour 1: only the backup.
      await commitIngestBatch(
        target(current()),
        batch([hourly(BACKUP, T, 50), hourly(MAIN, T, 40), hourly(BACKUP, T + H, 55)]),
        T + 2 * H,
      );
      const site = async () =>
        (await listSiteValues(db, EVERY_SITE, { siteId, parameters: ['PM2.5'], period: 'hour' }))
          .map((r) => [r.time - T, r.value, r.source])
          .sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(await site()).toEqual([
        [0, 40, `hj212:${MAIN}`],
        [H, 55, `hj212:${BACKUP}`],
      ]);
      // The backup again at hour 0 changes nothing there; it may revise its own hour 1.
      await commitIngestBatch(target(current()), batch([hourly(BACKUP, T, 51), hourly(BACKUP, T + H, 56)]));
      expect(await site()).toEqual([
        [0, 40, `hj212:${MAIN}`],
        [H, 56, `hj212:${BACKUP}`],
      ]);
      // The main's late hour-1 value (补传) replaces the backup's.
      await commitIngestBatch(target(current()), batch([hourly(MAIN, T + H, 44)]));
      expect(await site()).toEqual([
        [0, 40, `hj212:${MAIN}`],
        [H, 44, `hj212:${MAIN}`],
      ]);
      // Each logger keeps exactly what it sent.
      const own = async (mn: string) =>
        (await listDeviceValues(db, EVERY_SITE, { mn, siteId, parameters: ['PM2.5'], period: 'hour' }))
          .map((r) => [r.time - T, r.value])
          .sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(await own(MAIN)).toEqual([
        [0, 40],
        [H, 44],
      ]);
      expect(await own(BACKUP)).toEqual([
        [0, 51],
        [H, 56],
      ]);
    });

    it(`real-time: the backup fills parameters and instants the main lacks, each logger keeps its own (${way})`, async () => {
      const { db } = current();
      const { siteId, realtime } = await setup(db);
      await commitIngestBatch(
        target(current()),
        batch(
          [],
          [
            realtime(BACKUP, T, { 'PM2.5': [50, 'N'], PM10: [90, 'N'] }, T + 1),
            realtime(MAIN, T, { 'PM2.5': [40, 'N'] }, T + 1),
            realtime(BACKUP, T + 30_000, { 'PM2.5': [52, 'N'] }, T + 2),
          ],
        ),
        T + 3,
      );
      const site = await listSiteValues(db, EVERY_SITE, {
        siteId,
        parameters: ['PM2.5', 'PM10'],
        period: 'raw',
        from: T,
        to: T + 60_000,
      });
      expect(site.map((r) => [r.time - T, r.parameter, r.value]).sort()).toEqual(
        [
          [0, 'PM10', 90],
          [0, 'PM2.5', 40],
          [30_000, 'PM2.5', 52],
        ].sort(),
      );
      const own = async (mn: string) =>
        (
          await listDeviceValues(db, EVERY_SITE, {
            mn,
            siteId,
            parameters: ['PM2.5', 'PM10'],
            period: 'raw',
            from: T,
            to: T + 60_000,
          })
        )
          .map((r) => [r.time - T, r.parameter, r.value])
          .sort();
      expect(await own(MAIN)).toEqual([[0, 'PM2.5', 40]]);
      expect(await own(BACKUP)).toEqual(
        [
          [0, 'PM10', 90],
          [0, 'PM2.5', 50],
          [30_000, 'PM2.5', 52],
        ].sort(),
      );
    });
  }

  it('migration 0013 gives old hj212 values to a site’s only logger', async () => {
    const { db } = current();
    const migrator = new Migrator({ db, provider: staticMigrationProvider });
    expect((await migrator.migrateTo('0012-admin-data')).error).toBeUndefined();
    const site = await upsertSite(db, { code: 'QB-L02', name: '单数采站', kind: 'air_station' });
    await db
      .insertInto('devices')
      .values({
        mn: MAIN,
        site_id: site.id,
        name: null,
        password: 'p',
        crc_policy: 'standard',
        expected_interval_s: 3600,
        offline_after_missed: 3,
        sm4_key: null,
        enabled: 1,
        created_at: T,
        updated_at: T,
      } as never)
      .execute();
    await db
      .insertInto('measurements')
      .values([
        {
          site_id: site.id,
          parameter: 'PM2.5',
          period: 'hour',
          time: T,
          value: 33,
          flag: 'N',
          source: 'hj212',
          received_at: T,
        },
        {
          site_id: site.id,
          parameter: 'PM2.5',
          period: 'hour',
          time: T + H,
          value: 34,
          flag: 'N',
          source: 'demo',
          received_at: T,
        },
      ])
      .execute();
    expect((await migrator.migrateTo('0013-logger-values')).error).toBeUndefined();
    expect((await findDevice(db, EVERY_SITE, MAIN))?.role).toBe('main');
    const own = await listDeviceValues(db, EVERY_SITE, {
      mn: MAIN,
      siteId: site.id,
      parameters: ['PM2.5'],
      period: 'hour',
    });
    expect(own.map((r) => [r.time, r.value])).toEqual([[T, 33]]);
  });
});
