import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { listSiteValues } from './device-data.repository.ts';
import { listDeviceStatus, listEvents } from './device-status.repository.ts';
import type { DeviceSightingRow } from './device-status.table.ts';
import { upsertDevice } from './devices.repository.ts';
import type { MeasurementInput } from './measurements.repository.ts';
import { verifyRawPacketChain } from './raw-packet-chain.repository.ts';
import type { NewRawPacket } from './raw-packets.table.ts';
import { commitIngestBatch, type IngestBatch, type IngestTarget } from './receiver-batch.repository.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z, beyond 2^31 on purpose
const MN = 'QBBATCH0000000000000001';
const bytes = new TextEncoder().encode('##0101QN=…;ST=22;CN=2011;PW=123456;MN=淇滨01;CP=&&&&ABCD\r\n');

function rawPacket(over: Partial<NewRawPacket> = {}): NewRawPacket {
  const base = { received_at: T, peer: '127.0.0.1:5000', mn: MN, cn: '2011', qn: null, bytes };
  return { ...base, verdict: 'stored', reason: null, ...over };
}

function status(over: Partial<DeviceSightingRow> = {}): DeviceSightingRow {
  const base = { mn: MN, last_seen_at: T, last_peer: 'p', last_data_time: T - 5000, clock_drift_ms: 5000 };
  return { ...base, last_data_at: T, last_alive_at: null, ...over };
}

/** A stored row as ingest leaves it: the sighting, with the state that only the health job sets. */
const unjudged = (s: DeviceSightingRow) => ({ ...s, state: 'unknown', state_since: null });

async function setup(db: TestDb['db']) {
  const site = await upsertSite(db, { code: 'QB-B01', name: '批量测试站', kind: 'air_station' });
  await upsertDevice(db, { mn: MN, siteId: site.id, password: 'p', factors: [] });
  const value = (parameter: string, time: number, v: number | null): MeasurementInput => ({
    site_id: site.id,
    parameter,
    period: 'raw',
    time,
    value: v,
    flag: 'N',
    source: 'hj212',
  });
  return { siteId: site.id, value };
}

async function stored(db: TestDb['db']) {
  const site = await db.selectFrom('sites').select('id').where('code', '=', 'QB-B01').executeTakeFirst();
  const values = site
    ? await listSiteValues(db, EVERY_SITE, {
        siteId: site.id,
        parameters: ['CO', 'PM10', 'PM2.5', 'SO2'],
        period: 'raw',
      })
    : [];
  const rows = values
    .map(({ parameter, time, value, flag, received_at }) => ({ parameter, time, value, flag, received_at }))
    .sort((a, b) => (a.parameter < b.parameter ? -1 : a.parameter > b.parameter ? 1 : a.time - b.time));
  const raw = await db
    .selectFrom('raw_packets')
    .select(['mn', 'verdict', 'reason', 'bytes'])
    .orderBy('id')
    .execute();
  return {
    rows,
    raw,
    statuses: await listDeviceStatus(db, EVERY_SITE),
    events: await listEvents(db, EVERY_SITE),
  };
}

/** Both ways in: the handle (SQLite: prepared statements on the driver) and the bare Kysely instance. */
const targets: [string, (h: TestDb) => IngestTarget][] = [
  ['handle', (h) => h],
  ['kysely', (h) => h.db],
];

forEachEngine('storage: receiver group commit (commitIngestBatch)', (current) => {
  for (const [way, target] of targets) {
    it(`writes raw packets, values, device status and events in one commit (${way})`, async () => {
      const { db } = current();
      const { value } = await setup(db);
      const first: IngestBatch = {
        raw: [rawPacket(), rawPacket({ mn: 'X', verdict: 'quarantined', reason: 'unknown MN' })],
        measurements: [value('PM2.5', T, 35), value('PM10', T, 60), value('CO', T, null)],
        statuses: [status()],
        events: [{ at: T, kind: 'device_online', subject: MN, detail: '{"siteId":1}' }],
      };
      await commitIngestBatch(target(current()), first, T + 1);
      // A retransmission of PM2.5 (unchanged), a corrected PM10, a new hour; the newer sighting moves the times.
      const second: IngestBatch = {
        raw: [rawPacket({ verdict: 'duplicate' })],
        measurements: [value('PM2.5', T, 35), value('PM10', T, 61), value('PM2.5', T + 3_600_000, 40)],
        statuses: [status({ last_seen_at: T + 9, last_data_at: T + 9, last_peer: 'q' })],
        events: [],
      };
      await commitIngestBatch(target(current()), second, T + 2);
      const after = await stored(db);
      // Real-time values are stored per (site, DataTime): the corrected PM10 restamps that instant's readings.
      expect(after.rows).toEqual([
        { parameter: 'CO', time: T, value: null, flag: 'N', received_at: T + 2 },
        { parameter: 'PM10', time: T, value: 61, flag: 'N', received_at: T + 2 },
        { parameter: 'PM2.5', time: T, value: 35, flag: 'N', received_at: T + 2 },
        { parameter: 'PM2.5', time: T + 3_600_000, value: 40, flag: 'N', received_at: T + 2 },
      ]);
      // An identical retransmission (whole or in part) changes nothing, received_at included.
      await commitIngestBatch(
        target(current()),
        {
          raw: [],
          measurements: [value('PM2.5', T, 35), value('PM2.5', T + 3_600_000, 40)],
          statuses: [],
          events: [],
        },
        T + 3,
      );
      expect((await stored(db)).rows).toEqual(after.rows);
      expect(after.raw.map((r) => [r.mn, r.verdict, r.reason])).toEqual([
        [MN, 'stored', null],
        ['X', 'quarantined', 'unknown MN'],
        [MN, 'duplicate', null],
      ]);
      expect(Buffer.from(after.raw[0]?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
      expect(after.statuses).toEqual([
        unjudged(status({ last_seen_at: T + 9, last_data_at: T + 9, last_peer: 'q' })),
      ]);
      expect(after.events).toMatchObject([{ at: T, kind: 'device_online', subject: MN }]);
    });

    it(`writes sightings forward only and never the state (${way})`, async () => {
      const { db } = current();
      await setup(db);
      const commit = (s: DeviceSightingRow) =>
        commitIngestBatch(target(current()), { raw: [], measurements: [], statuses: [s], events: [] }, T);
      await commit(status({ last_seen_at: T + 10, last_data_at: T + 10, last_data_time: T, last_peer: 'a' }));
      // The health job's decision (device-health.repository.ts) must survive every later sighting.
      await db
        .updateTable('device_status')
        .set({ state: 'offline', state_since: T + 5 })
        .execute();
      // Another node's older sighting (a slower commit): no time moves back, peer and drift stay the newest's.
      await commit(
        status({
          last_seen_at: T + 3,
          last_data_at: T + 3,
          last_data_time: T - 60_000,
          last_alive_at: T + 2,
          last_peer: 'b',
          clock_drift_ms: 1,
        }),
      );
      const [row] = await listDeviceStatus(db, EVERY_SITE);
      expect(row).toEqual({
        ...status({ last_seen_at: T + 10, last_data_at: T + 10, last_data_time: T, last_peer: 'a' }),
        last_alive_at: T + 2,
        state: 'offline',
        state_since: T + 5,
      });
      // A newer heartbeat-only sighting (no drift, no data) moves last seen, alive and peer; data times stay.
      await commit(
        status({
          last_seen_at: T + 20,
          last_alive_at: T + 20,
          last_data_at: null,
          last_data_time: null,
          last_peer: 'c',
          clock_drift_ms: null,
        }),
      );
      expect((await listDeviceStatus(db, EVERY_SITE))[0]).toEqual({
        ...status({ last_seen_at: T + 20, last_data_at: T + 10, last_data_time: T, last_peer: 'c' }),
        last_alive_at: T + 20,
        state: 'offline',
        state_since: T + 5,
      });
    });

    it(`stores the receiver's per-packet real-time rows, merging two of one instant (${way})`, async () => {
      const { db } = current();
      const { siteId, value } = await setup(db);
      const row = (readings: object, at: number) => ({
        time: T,
        site_id: siteId,
        readings: JSON.stringify(readings),
        source: 'hj212',
        received_at: at,
      });
      await commitIngestBatch(
        target(current()),
        {
          raw: [rawPacket(), rawPacket({ verdict: 'duplicate' })],
          // A packet and its retransmission with a corrected PM10 in one batch, and an old-style value row.
          realtime: [row({ 'PM2.5': [35, 'N'], PM10: [60, 'N'] }, T + 1), row({ PM10: [61, 'N'] }, T + 2)],
          measurements: [value('SO2', T, 8)],
          statuses: [],
          events: [],
        },
        T + 3,
      );
      expect((await stored(db)).rows).toEqual([
        { parameter: 'PM10', time: T, value: 61, flag: 'N', received_at: T + 3 },
        { parameter: 'PM2.5', time: T, value: 35, flag: 'N', received_at: T + 3 },
        { parameter: 'SO2', time: T, value: 8, flag: 'N', received_at: T + 3 },
      ]);
    });

    it(`rolls the whole batch back when one part fails (${way})`, async () => {
      const { db } = current();
      const { value } = await setup(db);
      const batch: IngestBatch = {
        raw: [rawPacket()],
        measurements: [value('PM2.5', T, 35)],
        statuses: [status()],
        // The last part written fails (NOT NULL): everything before it must be undone.
        events: [{ at: T, kind: null as unknown as string, subject: MN, detail: null }],
      };
      await expect(commitIngestBatch(target(current()), batch, T)).rejects.toThrow();
      expect(await stored(db)).toEqual({ rows: [], raw: [], statuses: [], events: [] });
      // And the store still takes the next batch.
      await commitIngestBatch(target(current()), { ...batch, events: [] }, T);
      expect((await stored(db)).rows).toHaveLength(1);
      // The failed commit did not advance the raw packet chain's head either.
      expect(await verifyRawPacketChain(db)).toMatchObject({ ok: true, count: 1 });
    });
  }

  it('joins the caller’s transaction and rolls back with it', async () => {
    const { db } = current();
    const { value } = await setup(db);
    const batch = {
      raw: [rawPacket()],
      measurements: [value('SO2', T, 8)],
      statuses: [status()],
      events: [],
    };
    await expect(
      db.transaction().execute(async (trx) => {
        await commitIngestBatch(trx, batch, T);
        throw new Error('caller gives up');
      }),
    ).rejects.toThrow('caller gives up');
    expect(await stored(db)).toEqual({ rows: [], raw: [], statuses: [], events: [] });
  });
});
