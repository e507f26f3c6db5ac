import { describe, expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import type { Device } from '#store/devices.repository.ts';
import { decodePacket } from '../protocol/hj212/index.ts';
import { createEventBus } from './event-bus.ts';
import { mapDataPacket, periodStart } from './packet-mapping.ts';
import { dataPacket } from './test-logger-client.ts';

const device: Device = {
  mn: 'MN1',
  siteId: 7,
  name: null,
  password: 'pw',
  crcPolicy: 'standard',
  expectedIntervalS: 3600,
  offlineAfterMissed: 3,
  sm4Key: null,
  encryptionRequired: false,
  enabled: true,
  role: 'main',
  factors: new Map([
    ['a34004', { parameter: 'PM2.5', scale: 1 }],
    ['a21005', { parameter: 'CO', scale: 0.001 }],
  ]),
};

function decoded(cn: '2011' | '2051' | '2061' | '2031', dataTime: string) {
  const r = decodePacket(
    dataPacket({
      qn: '20250601000000000',
      mn: 'MN1',
      pw: 'pw',
      cn,
      dataTime,
      values: { a34004: 35, a21005: 600, a99999: 1 },
    }),
  );
  if (!r.ok) throw new Error(r.reason.message);
  return r.packet;
}

describe('mapping a data packet to stored values', () => {
  it.each([
    ['2011', '20250601083015', 'raw', '2025-06-01T08:30:15+08:00'],
    ['2051', '20250601083015', 'minute', '2025-06-01T08:30:00+08:00'],
    ['2061', '20250601083015', 'hour', '2025-06-01T08:00:00+08:00'],
    ['2031', '20250601083015', 'day', '2025-06-01T00:00:00+08:00'],
  ] as const)('CN %s at %s → period %s starting %s (Beijing time)', (cn, dataTime, period, start) => {
    const m = mapDataPacket(decoded(cn, dataTime), device);
    if ('error' in m) throw new Error(m.error);
    expect(m.period).toBe(period);
    expect(m.rows.map((r) => [r.parameter, r.time, r.value, r.flag])).toEqual([
      ['PM2.5', Date.parse(start), 35, 'N'],
      ['CO', Date.parse(start), 0.6, 'N'],
    ]);
    expect(m.unmapped).toEqual(['a99999']);
  });

  it('starts a Beijing day at 16:00 UTC of the day before', () => {
    expect(periodStart(Date.parse('2025-06-01T23:59:59+08:00'), 'day')).toBe(
      Date.parse('2025-05-31T16:00:00Z'),
    );
  });
});

describe('event bus', () => {
  it('logs a throwing or rejecting listener by name and still calls the others', async () => {
    const log = memoryLogger();
    const bus = createEventBus<{ ping: number }>(log);
    const got: number[] = [];
    bus.on('ping', 'thrower', () => {
      throw new Error('sync');
    });
    bus.on('ping', 'rejecter', async () => {
      throw new Error('async');
    });
    const off = bus.on('ping', 'collector', (n) => {
      got.push(n);
    });
    bus.emit('ping', 1);
    await new Promise((r) => setTimeout(r, 0));
    off();
    bus.emit('ping', 2);
    expect(got).toEqual([1]);
    expect(
      log.lines.filter((l) => l.includes('listener "thrower" of ping failed: Error: sync')),
    ).toHaveLength(2);
    expect(log.lines.some((l) => l.includes('listener "rejecter" of ping failed: Error: async'))).toBe(true);
  });
});
