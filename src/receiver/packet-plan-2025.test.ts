import { describe, expect, it } from 'vitest';
import type { Device } from '#store/devices.repository.ts';
import { createNodeSm4Ecb, decodePacket, encodePacket, type PacketInput } from '../protocol/hj212/index.ts';
import { createDeviceHealth } from './device-health.ts';
import { isDataCommand, planPacket } from './packet-plan.ts';
import { RecentKeys } from './recent-keys.ts';

// HJ 212-2025 decisions of the receiver for one frame (issue 13), without sockets.
const NOW = Date.parse('2026-05-01T10:30:00+08:00');
const KEY = '30'.repeat(16);
const sm4 = createNodeSm4Ecb(Buffer.from(KEY, 'hex'));
const device = (mn: string, extra: Partial<Device> = {}): Device => ({
  mn,
  siteId: 7,
  name: null,
  password: 'pw',
  crcPolicy: 'standard',
  expectedIntervalS: 3600,
  offlineAfterMissed: 3,
  sm4Key: KEY,
  encryptionRequired: true,
  enabled: true,
  role: 'main',
  factors: new Map([['a34002', { parameter: 'PM10', scale: 1 }]]),
  ...extra,
});
const DEVICES = new Map([['STRICT', device('STRICT')]]);
const packet = (mn: string, cn: string, flag: number, cp: string): PacketInput => ({
  qn: '20260501103000001',
  st: '22',
  cn,
  pw: 'pw',
  mn,
  flag,
  cp,
});
const HOUR = 'DataTime=20260501090000;a34002-Avg=80,a34002-Flag=N';
const plan = (frame: Buffer) =>
  planPacket(frame, {
    peer: '127.0.0.1:1',
    receivedAt: NOW,
    lookup: (m) => DEVICES.get(m),
    health: createDeviceHealth(),
    recent: new RecentKeys(),
  });

describe('planPacket under HJ 212-2025', () => {
  it('data commands are CN 2000–2999 (表9), the ones §6.4.4 wants encrypted', () => {
    expect(['2011', '2051', '2061', '2999'].every(isDataCommand)).toBe(true);
    expect(['1011', '3020', '9015', '9014', '20', '2a11'].some(isDataCommand)).toBe(false);
  });

  it('encryption required: an unencrypted 2061 is quarantined with §6.4.4, an encrypted one stored and answered', () => {
    const plain = plan(encodePacket(packet('STRICT', '2061', 9, HOUR)));
    expect(plain).toMatchObject({ verdict: 'quarantined', measurements: [] });
    expect(plain.reason).toContain('HJ 212-2025 §6.4.4');
    expect(plain.answer).toBeUndefined();
    expect(plain.unauthenticated).toBeUndefined();
    const enc = plan(encodePacket(packet('STRICT', '2061', 9, HOUR), { encryptCp: sm4.encrypt }));
    expect(enc.verdict).toBe('stored');
    expect(enc.measurements).toHaveLength(1);
    expect(enc.answer && decodePacket(enc.answer).ok).toBe(true);
  });

  it('encryption required does not touch non-data commands (a 9015 heartbeat, a 3020)', () => {
    expect(plan(encodePacket(packet('STRICT', '9015', 9, ''))).verdict).toBe('answered');
    expect(plan(encodePacket(packet('STRICT', '3020', 8, 'DataTime=20260501090000'))).verdict).toBe('stored');
  });

  it('9015 is answered with 9013 only when Flag bit 0 is set, echoing its QN with the 2025 version bits', () => {
    const asked = plan(encodePacket(packet('STRICT', '9015', 9, '')));
    const r = asked.answer ? decodePacket(asked.answer, { crc: 'strict' }) : undefined;
    expect(r?.ok && [r.packet.cn, r.packet.qn, r.packet.st, r.packet.flag?.value, r.packet.cpText]).toEqual([
      '9013',
      '20260501103000001',
      '91',
      8,
      '',
    ]);
    expect(plan(encodePacket(packet('STRICT', '9015', 8, ''))).answer).toBeUndefined();
  });

  it('an encrypted packet from an MN the registry does not know is quarantined as unknown, not rejected', () => {
    let missed: string | undefined;
    const p = planPacket(encodePacket(packet('NEW01', '2061', 9, HOUR), { encryptCp: sm4.encrypt }), {
      peer: '127.0.0.1:1',
      receivedAt: NOW,
      lookup: () => undefined,
      health: createDeviceHealth(),
      recent: new RecentKeys(),
      onUnknownMn: (mn) => {
        missed = mn;
      },
    });
    expect(p).toMatchObject({ verdict: 'quarantined', mn: 'NEW01', unauthenticated: true });
    expect(p.reason).toMatch(/^unknown MN/);
    expect(missed).toBe('NEW01');
  });

  it('a known logger without a key still gets the precise reason', () => {
    const local = new Map([['NOKEY', device('NOKEY', { sm4Key: null, encryptionRequired: false })]]);
    const p = planPacket(encodePacket(packet('NOKEY', '2061', 9, HOUR), { encryptCp: sm4.encrypt }), {
      peer: '127.0.0.1:1',
      receivedAt: NOW,
      lookup: (m) => local.get(m),
      health: createDeviceHealth(),
      recent: new RecentKeys(),
    });
    expect(p.verdict).toBe('rejected');
    expect(p.reason).toMatch(/^encrypted-no-key/);
  });
});
