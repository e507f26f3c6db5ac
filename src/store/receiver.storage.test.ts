import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { appendEvent, listDeviceStatus, listEvents, saveDeviceStatus } from './device-status.repository.ts';
import { findDevice, listDevices, upsertDevice } from './devices.repository.ts';
import { listParameters } from './parameters.repository.ts';
import { appendRawPackets, countRawPackets, listRawPackets } from './raw-packets.repository.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine } from './test-engines.ts';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z, beyond 2^31 on purpose

forEachEngine('storage: HJ 212 device registry, raw packets, status, events', (current) => {
  it('registers a device with its factor mapping and replaces the mapping on update', async () => {
    const { db } = current();
    const site = await upsertSite(db, { code: 'QB-T01', name: '金山街道站', kind: 'air_station' });
    await upsertDevice(db, {
      mn: 'MN0001',
      siteId: site.id,
      password: '123456',
      crcPolicy: 'modbus',
      expectedIntervalS: 3600,
      factors: [
        { factor: 'a34004', parameter: 'PM2.5' },
        { factor: 'a21005', parameter: 'CO' },
      ],
    });
    await upsertDevice(db, {
      mn: 'MN0001',
      siteId: site.id,
      password: '654321',
      factors: [{ factor: 'a34004', parameter: 'PM2.5', scale: 1000 }],
    });
    const device = await findDevice(db, EVERY_SITE, 'MN0001');
    expect(device).toMatchObject({
      mn: 'MN0001',
      siteId: site.id,
      password: '654321',
      crcPolicy: 'standard',
      enabled: true,
    });
    expect([...(device?.factors ?? [])]).toEqual([['a34004', { parameter: 'PM2.5', scale: 1000 }]]);
    expect(await listDevices(db, EVERY_SITE)).toHaveLength(1);
    expect(await findDevice(db, EVERY_SITE, 'nope')).toBeUndefined();
  });

  it('knows the outlet parameters by their HJ 212 codes, with units', async () => {
    const units = Object.fromEntries((await listParameters(current().db)).map((p) => [p.code, p.unit]));
    expect(units).toMatchObject({ a21026: 'mg/m³', w01018: 'mg/L', a19001: '%' });
  });

  it('keeps raw packets byte for byte, newest first, filterable by verdict', async () => {
    const { db } = current();
    const bytes = new TextEncoder().encode('##0101QN=…;ST=22;CN=2011;PW=123456;MN=淇滨01;CP=&&&&ABCD\r\n');
    await appendRawPackets(db, [
      {
        received_at: T,
        peer: '127.0.0.1:5000',
        mn: 'A',
        cn: '2011',
        qn: null,
        bytes,
        verdict: 'stored',
        reason: null,
      },
      {
        received_at: T + 1,
        peer: '127.0.0.1:5001',
        mn: 'X',
        cn: '2011',
        qn: null,
        bytes,
        verdict: 'quarantined',
        reason: 'unknown MN',
      },
    ]);
    const quarantine = await listRawPackets(db, { verdict: 'quarantined' });
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]).toMatchObject({ mn: 'X', reason: 'unknown MN', received_at: T + 1 });
    expect(Buffer.from(quarantine[0]?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
    expect((await listRawPackets(db)).map((r) => r.mn)).toEqual(['X', 'A']);
    expect(await countRawPackets(db)).toBe(2);
  });

  it('saves device status and events', async () => {
    const { db } = current();
    const site = await upsertSite(db, { code: 'S', name: 'S', kind: 'air_station' });
    await upsertDevice(db, { mn: 'M', siteId: site.id, password: 'p', factors: [] });
    const status = {
      mn: 'M',
      last_seen_at: T,
      last_peer: 'p',
      last_data_time: T - 5000,
      clock_drift_ms: 5000,
      state: 'online' as const,
      state_since: T,
    };
    await saveDeviceStatus(db, [status]);
    await saveDeviceStatus(db, [{ ...status, state: 'offline', state_since: T + 10 }]);
    // Without them, a row with data gets last_data_at = last_seen_at (migration 0018's rule) and no heartbeat.
    expect(await listDeviceStatus(db, EVERY_SITE)).toEqual([
      { ...status, last_data_at: T, last_alive_at: null, state: 'offline', state_since: T + 10 },
    ]);
    await appendEvent(db, { at: T, kind: 'device_offline', subject: 'M', detail: { missed: 3 } });
    const [event] = await listEvents(db, EVERY_SITE, { kind: 'device_offline' });
    expect(event).toMatchObject({ at: T, subject: 'M' });
    expect(JSON.parse(event?.detail ?? 'null')).toEqual({ missed: 3 });
  });
});
