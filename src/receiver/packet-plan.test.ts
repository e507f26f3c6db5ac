import { describe, expect, it } from 'vitest';
import { plausibilityPolicies } from '#config/plausibility.ts';
import type { Device } from '#store/devices.repository.ts';
import { createDeviceHealth } from './device-health.ts';
import { planPacket } from './packet-plan.ts';
import { RecentKeys } from './recent-keys.ts';
import { dataPacket } from './test-logger-client.ts';

// The plausibility decision of the receiver (issue 11), per device: what is planned for one frame.
const NOW = Date.parse('2026-05-01T10:30:00+08:00');
const device = (mn: string): Device => ({
  mn,
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
  factors: new Map([['a34002', { parameter: 'PM10', scale: 1 }]]),
});
const DEVICES = new Map([
  ['PLAIN', device('PLAIN')],
  ['QUARRY', device('QUARRY')],
]);
const plausibility = plausibilityPolicies({
  backfillDays: 90,
  clockSkewS: 600,
  ranges: {},
  devices: { QUARRY: { backfillDays: 400, ranges: { PM10: { min: 0, max: 20000 } } } },
});

function plan(mn: string, dataTime: string, pm10: number, flag = 5) {
  const frame = dataPacket({
    qn: '20260501103000001',
    mn,
    pw: 'pw',
    cn: '2061',
    dataTime,
    values: { a34002: pm10 },
    flag,
  });
  return planPacket(frame, {
    peer: '127.0.0.1:1',
    receivedAt: NOW,
    lookup: (m) => DEVICES.get(m),
    health: createDeviceHealth(),
    recent: new RecentKeys(),
    plausibility,
  });
}

describe('planPacket: plausibility per device', () => {
  const cases: [string, string, string, number, string, string | null][] = [
    ['an ordinary hour', 'PLAIN', '20260501090000', 120, 'stored', null],
    ['PM10 beyond the default range', 'PLAIN', '20260501090000', 15000, 'implausible', 'value-out-of-range'],
    [
      'the same value from the quarry, whose range is wider',
      'QUARRY',
      '20260501090000',
      15000,
      'stored',
      null,
    ],
    ['a 200-day-old 补传', 'PLAIN', '20251013090000', 120, 'implausible', 'time-too-old'],
    ['the same 补传 from the quarry (400-day window)', 'QUARRY', '20251013090000', 120, 'stored', null],
    ['year 0000', 'QUARRY', '00000101000000', 120, 'implausible', 'time-invalid'],
    ['the next day', 'QUARRY', '20260502090000', 120, 'implausible', 'time-ahead'],
  ];
  it.each(cases)('%s', (_, mn, dataTime, pm10, verdict, code) => {
    const p = plan(mn, dataTime, pm10);
    expect(p.verdict).toBe(verdict);
    if (code !== null) {
      expect(p.reason).toMatch(new RegExp(`^implausible ${code}: `));
      // Nothing enters the data, and the logger gets its 9014 (it would resend otherwise).
      expect(p.measurements).toEqual([]);
      expect(p.answer?.toString()).toContain('CN=9014');
      // Its DataTime does not become the device's last data time.
      expect(p.status?.last_data_time ?? null).toBeNull();
    } else {
      expect(p.measurements).toHaveLength(1);
    }
  });

  it('answers nothing when the logger asked for no answer (Flag A=0), refusing all the same', () => {
    const p = plan('PLAIN', '99991231230000', 120, 4);
    expect(p.verdict).toBe('implausible');
    expect(p.answer).toBeUndefined();
  });
});
