import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { evaluateDeviceHealth, type HealthTarget } from './device-health.repository.ts';
import { listDeviceStatus, listEvents } from './device-status.repository.ts';
import type { DeviceSightingRow } from './device-status.table.ts';
import { upsertDevice } from './devices.repository.ts';
import { commitIngestBatch } from './receiver-batch.repository.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const MIN = 60_000;
const MN = 'QBHEALTH000000000000001';

async function setup(h: TestDb) {
  const site = await upsertSite(h.db, { code: 'QB-H01', name: '健康检查站', kind: 'air_station' });
  await upsertDevice(h.db, { mn: MN, siteId: site.id, password: 'p', expectedIntervalS: 60, factors: [] });
  return site.id;
}

/** A data packet's sighting, written the way the receiver writes it (every node, through the group commit). */
function sight(h: TestDb, at: number, over: Partial<DeviceSightingRow> = {}) {
  const row: DeviceSightingRow = {
    mn: MN,
    last_seen_at: at,
    last_peer: '127.0.0.1:5000',
    last_data_time: at - 5000,
    last_data_at: at,
    last_alive_at: null,
    clock_drift_ms: 5000,
    ...over,
  };
  return commitIngestBatch(h, { raw: [], measurements: [], statuses: [row], events: [] }, at);
}

async function statusOf(h: TestDb) {
  return (await listDeviceStatus(h.db, EVERY_SITE)).find((r) => r.mn === MN);
}

async function eventsOf(h: TestDb) {
  return (await listEvents(h.db, EVERY_SITE)).reverse().map((e) => ({
    kind: e.kind,
    subject: e.subject,
    at: e.at,
    detail: JSON.parse(e.detail ?? 'null') as unknown,
  }));
}

/** Both ways in: the handle (SQLite: synchronous on the driver) and the bare Kysely instance (BEGIN IMMEDIATE). */
const targets: [string, (h: TestDb) => HealthTarget][] = [
  ['handle', (h) => h],
  ['kysely', (h) => h.db],
];

forEachEngine('storage: device health job (evaluateDeviceHealth)', (current) => {
  for (const [way, target] of targets) {
    it(`a device never heard from counts from the first check, durably, and goes offline once (${way})`, async () => {
      const h = current();
      const siteId = await setup(h);
      expect(await evaluateDeviceHealth(target(h), { now: T, since: T })).toEqual([]);
      expect(await statusOf(h)).toMatchObject({ state: 'unknown', state_since: T, last_seen_at: null });
      // A node (or a restart) that began later does not restart the count.
      expect(await evaluateDeviceHealth(target(h), { now: T + 3 * MIN - 1, since: T + 2 * MIN })).toEqual([]);
      const offline = {
        mn: MN,
        siteId,
        at: T + 3 * MIN,
        lastSeenAt: null,
        expectedIntervalS: 60,
        missed: 3,
      };
      expect(await evaluateDeviceHealth(target(h), { now: T + 3 * MIN, since: T + 3 * MIN })).toEqual([
        { kind: 'device_offline', ...offline },
      ]);
      expect(await evaluateDeviceHealth(target(h), { now: T + 4 * MIN, since: T })).toEqual([]);
      expect(await eventsOf(h)).toEqual([
        { kind: 'device_offline', subject: MN, at: T + 3 * MIN, detail: offline },
      ]);
    });

    it(`first sighting: online without an event; silence: offline; data again: online, once (${way})`, async () => {
      const h = current();
      const siteId = await setup(h);
      await sight(h, T);
      expect(await evaluateDeviceHealth(target(h), { now: T + 1000, since: T })).toEqual([]);
      expect(await statusOf(h)).toMatchObject({ state: 'online', state_since: T });
      expect(await evaluateDeviceHealth(target(h), { now: T + 3 * MIN, since: T })).toMatchObject([
        { kind: 'device_offline', missed: 3, lastSeenAt: T },
      ]);
      // A heartbeat after the offline instant brings it back (a 9015 carries no data).
      await sight(h, T + 5 * MIN, { last_data_at: null, last_data_time: null, last_alive_at: T + 5 * MIN });
      const back = { kind: 'device_online', mn: MN, siteId, at: T + 5 * MIN, offlineSince: T + 3 * MIN };
      expect(await evaluateDeviceHealth(target(h), { now: T + 6 * MIN, since: T })).toEqual([back]);
      expect(await evaluateDeviceHealth(target(h), { now: T + 6 * MIN, since: T })).toEqual([]);
      expect(await statusOf(h)).toMatchObject({ state: 'online', state_since: T + 5 * MIN });
      expect((await eventsOf(h)).map((e) => [e.kind, e.at, e.detail])).toEqual([
        ['device_offline', T + 3 * MIN, expect.objectContaining({ missed: 3 })],
        ['device_online', T + 5 * MIN, { siteId, offlineSince: T + 3 * MIN }],
      ]);
    });

    it(`a disabled device is never judged (${way})`, async () => {
      const h = current();
      const siteId = await setup(h);
      await upsertDevice(h.db, { mn: MN, siteId, password: 'p', enabled: false, factors: [] });
      expect(await evaluateDeviceHealth(target(h), { now: T + 99 * MIN, since: T })).toEqual([]);
      expect(await eventsOf(h)).toEqual([]);
    });

    it(`checks running at once on several nodes write each transition once (${way})`, async () => {
      const h = current();
      await setup(h);
      await sight(h, T);
      await evaluateDeviceHealth(target(h), { now: T + 1000, since: T });
      const offline = await Promise.all(
        [0, 1, 2, 3].map(() => evaluateDeviceHealth(target(h), { now: T + 3 * MIN, since: T })),
      );
      expect(offline.flat().map((t) => t.kind)).toEqual(['device_offline']);
      await sight(h, T + 4 * MIN);
      const online = await Promise.all(
        [0, 1, 2, 3].map(() => evaluateDeviceHealth(target(h), { now: T + 4 * MIN + 1, since: T })),
      );
      expect(online.flat().map((t) => t.kind)).toEqual(['device_online']);
      expect((await eventsOf(h)).map((e) => e.kind)).toEqual(['device_offline', 'device_online']);
    });
  }

  it('a sighting committed between the check’s read and its write wins: no false offline', async (ctx) => {
    const h = current();
    // SQLite: BEGIN IMMEDIATE lets no sighting commit inside the check at all; the race is PostgreSQL's.
    if (h.engine !== 'postgres') return ctx.skip();
    await setup(h);
    await sight(h, T);
    await evaluateDeviceHealth(h, { now: T + 1000, since: T });
    let release = (): void => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked = (): void => undefined;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    // Another node's group commit: its sighting is written (row locked) but not yet committed.
    const ingest = h.db.transaction().execute(async (trx) => {
      await commitIngestBatch(
        trx,
        {
          raw: [],
          measurements: [],
          statuses: [
            {
              mn: MN,
              last_seen_at: T + 3 * MIN - 10,
              last_peer: 'b:1',
              last_data_time: T,
              last_data_at: T + 3 * MIN - 10,
              last_alive_at: null,
              clock_drift_ms: 0,
            },
          ],
          events: [],
        },
        T + 3 * MIN - 10,
      );
      locked();
      await held;
    });
    await isLocked;
    let settled = false;
    const check = evaluateDeviceHealth(h, { now: T + 3 * MIN, since: T }).finally(() => {
      settled = true;
    });
    await sleep(300);
    // The check read the old times (overdue) and now waits on the row: it has written nothing yet.
    expect(settled).toBe(false);
    release();
    await ingest;
    expect(await check).toEqual([]);
    expect(await eventsOf(h)).toEqual([]);
    expect(await statusOf(h)).toMatchObject({ state: 'online', last_data_at: T + 3 * MIN - 10 });
  });
});
