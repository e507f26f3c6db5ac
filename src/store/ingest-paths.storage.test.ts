import { expect, it } from 'vitest';
import { packBatch, unpackBatch } from '../receiver/ingest-batch-codec.ts';
import { upsertDevice } from './devices.repository.ts';
import { rawPacketChainOf } from './raw-packet-chain.ts';
import { commitIngestBatch, type IngestBatch, type IngestTarget } from './receiver-batch.repository.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

/**
 * Issue 14, "row shapes defined once … and a test fails if the paths disagree": the same batches through every
 * way into the ingest tables — SQLite's prepared statements (the writer thread's path, here after the thread's
 * codec round trip), SQLite's Kysely path, and PostgreSQL's — leave identical table contents, every column of
 * every ingest table compared. The first dump taken is the reference for all the others.
 */

const T = 1_767_225_600_000;
const H = 3_600_000;
const MAIN = 'QBPATHS0000000000000MAIN';
const BACKUP = 'QBPATHS000000000000BACKU';

function batches(siteId: number): IngestBatch[] {
  const raw = (
    i: number,
    verdict: 'stored' | 'duplicate' | 'rejected' = 'stored',
    mn: string | null = MAIN,
  ) => ({
    received_at: T + i,
    peer: `10.0.0.${i}:5000`,
    mn,
    cn: '2061',
    qn: i % 2 ? null : `2026010100000${i}`,
    bytes: Buffer.from(`##00${i}QN=${i};CN=2061;MN=${mn};CP=&&&&\r\n`),
    verdict,
    reason: verdict === 'rejected' ? `bad ${i}` : null,
  });
  const hourly = (mn: string, parameter: string, time: number, value: number | null, backup = false) => ({
    site_id: siteId,
    parameter,
    period: 'hour' as const,
    time,
    value,
    flag: value === null ? 'D' : 'N',
    source: `hj212:${mn}`,
    mn,
    ...(backup ? { backup } : {}),
  });
  const rt = (mn: string, readings: object, at: number, backup = false) => ({
    time: T,
    site_id: siteId,
    readings: JSON.stringify(readings),
    source: `hj212:${mn}`,
    received_at: at,
    mn,
    ...(backup ? { backup } : {}),
  });
  const empty = { statuses: [], events: [] };
  return [
    {
      raw: [raw(1), raw(2, 'rejected', null), raw(3)],
      // The backup's instant first: it fills; the main's then wins; a retransmission merges into the instant.
      realtime: [rt(BACKUP, { PM10: [70, 'N'] }, T + 1, true), rt(MAIN, { PM10: [60, 'N'] }, T + 2)],
      measurements: [
        hourly(BACKUP, 'PM2.5', T, 41, true),
        hourly(MAIN, 'SO2', T, 8),
        hourly(MAIN, 'CO', T, null),
        {
          site_id: siteId,
          parameter: 'O3',
          period: 'raw',
          time: T + 5000,
          value: 90,
          flag: 'N',
          source: 'hj212',
        },
      ],
      ...empty,
    },
    {
      raw: [raw(4, 'duplicate'), raw(5)],
      realtime: [rt(MAIN, { 'PM2.5': [35, 'N'] }, T + 3), rt(BACKUP, { NO2: [20, 'N'] }, T + 4, true)],
      measurements: [
        hourly(MAIN, 'PM2.5', T, 40), // the main replaces the backup's fill
        hourly(BACKUP, 'SO2', T, 9, true), // a backup never replaces the main's
        hourly(MAIN, 'SO2', T, 8), // unchanged: no rewrite, received_at kept
        hourly(BACKUP, 'NO2', T + H, 22, true), // a gap the backup fills
      ],
      ...empty,
    },
    {
      raw: [raw(6)],
      measurements: [hourly(BACKUP, 'NO2', T + H, 23, true), hourly(MAIN, 'CO', T, 1.2)],
      ...empty,
    },
  ];
}

/** Every ingest table, every column, in key order (the ids and hashes of raw packets included). */
async function dump(db: TestDb['db']) {
  const num = (v: unknown) => (v === null ? null : Number(v));
  const rows = async <T>(q: Promise<T[]>) => q;
  return {
    measurements: (
      await rows(db.selectFrom('measurements').selectAll().orderBy(['parameter', 'period', 'time']).execute())
    ).map((r) => ({
      ...r,
      site_id: 1,
      time: num(r.time),
      value: num(r.value),
      received_at: num(r.received_at),
    })),
    realtime: (await db.selectFrom('realtime_values').selectAll().orderBy('time').execute()).map((r) => ({
      ...r,
      site_id: 1,
      time: num(r.time),
      readings: JSON.parse(r.readings) as unknown,
      received_at: num(r.received_at),
    })),
    deviceMeasurements: (
      await db
        .selectFrom('device_measurements')
        .selectAll()
        .orderBy(['mn', 'parameter', 'period', 'time'])
        .execute()
    ).map((r) => ({ ...r, time: num(r.time), value: num(r.value), received_at: num(r.received_at) })),
    deviceRealtime: (
      await db.selectFrom('device_realtime_values').selectAll().orderBy(['mn', 'time']).execute()
    ).map((r) => ({
      ...r,
      time: num(r.time),
      readings: JSON.parse(r.readings) as unknown,
      received_at: num(r.received_at),
    })),
    raw: (await db.selectFrom('raw_packets').selectAll().orderBy('id').execute()).map((r) => ({
      ...r,
      id: num(r.id),
      received_at: num(r.received_at),
      bytes: Buffer.from(r.bytes).toString('hex'),
    })),
  };
}

const ways: [string, (h: TestDb) => IngestTarget, boolean][] = [
  ['prepared statements after the writer thread codec', (h) => h, true],
  ['Kysely', (h) => h.db, false],
];
let reference: { way: string; tables: Awaited<ReturnType<typeof dump>> } | undefined;

forEachEngine('storage: every way into the ingest tables writes the same rows', (current) => {
  for (const [way, target, viaCodec] of ways) {
    it(`${way}`, async () => {
      const h = current();
      const site = await upsertSite(h.db, { code: 'QB-PATHS', name: '路径一致站', kind: 'air_station' });
      await upsertDevice(h.db, { mn: MAIN, siteId: site.id, password: 'p', factors: [] });
      await upsertDevice(h.db, { mn: BACKUP, siteId: site.id, password: 'p', factors: [], role: 'backup' });
      for (const [k, batch] of batches(site.id).entries()) {
        const receivedAt = T + 10_000 * (k + 1);
        const b = viaCodec ? unpackBatch(structuredClone(packBatch(batch, receivedAt).packed)) : batch;
        await commitIngestBatch(target(h), b, receivedAt, rawPacketChainOf('paths'));
      }
      const tables = await dump(h.db);
      expect(tables.measurements.length).toBeGreaterThan(0);
      expect(tables.deviceRealtime.length).toBeGreaterThan(0);
      if (!reference) reference = { way: `${h.engine}: ${way}`, tables };
      else expect(tables, `differs from ${reference.way}`).toEqual(reference.tables);
    });
  }
});
