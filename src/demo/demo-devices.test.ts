import { describe, expect, it } from 'vitest';
import { listDevices } from '#store/devices.repository.ts';
import { listParameters } from '#store/parameters.repository.ts';
import { listSites } from '#store/sites.repository.ts';
import { factorInfo } from '../protocol/hj212/index.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import {
  AIR_FACTOR_MAP,
  DEMO_DEVICES,
  DEMO_OUTLETS,
  OUTLET_FACTOR_MAP,
  registerDemoDevices,
} from './demo-devices.ts';
import { DEMO_SITES } from './demo-sites.ts';
import { useMemoryDb } from './demo-test-support.ts';

describe('demo devices (SAMPLE)', () => {
  const current = useMemoryDb();

  it('has one device per sample air station and three sample outlets, with HJ 212-2017 MNs and PWs', () => {
    expect(DEMO_DEVICES).toHaveLength(DEMO_SITES.length + 3);
    expect(new Set(DEMO_DEVICES.map((d) => d.mn)).size).toBe(DEMO_DEVICES.length);
    for (const d of DEMO_DEVICES) {
      expect(d.mn).toMatch(/^[0-9A-F]{24}$/); // 表3: 24 hex characters (EPC-96)
      expect(d.password.length).toBeLessThanOrEqual(6); // 表3: PW up to 6 characters
    }
    expect(DEMO_DEVICES.find((d) => d.siteCode === 'QB-T01')?.mn).toBe('410611DEA000000000000001');
    expect(DEMO_DEVICES.find((d) => d.siteCode === 'QB-C02')?.mn).toBe('410611DEC000000000000002');
    expect(DEMO_OUTLETS.map((o) => o.site.code)).toEqual(['QB-E01', 'QB-E02', 'QB-E03']);
    expect(DEMO_OUTLETS.every((o) => o.site.isSample && /示例/.test(o.site.name))).toBe(true);
  });

  it('maps the six air factors by their HJ 212 codes; CO stays mg/m³, the rest µg/m³ as stations send them', () => {
    expect(Object.fromEntries(AIR_FACTOR_MAP.map((f) => [f.factor, f.parameter]))).toEqual({
      a34004: 'PM2.5',
      a34002: 'PM10',
      a21026: 'SO2',
      a21004: 'NO2',
      a21005: 'CO',
      a05024: 'O3',
    });
    expect(factorInfo('a21005')?.unit).toBe('mg/m³');
    expect(AIR_FACTOR_MAP.every((f) => f.scale === 1)).toBe(true);
    expect(OUTLET_FACTOR_MAP.map((f) => f.factor)).toEqual([
      'a21026',
      'a21002',
      'a34013',
      'a19001',
      'a01012',
      'a00000',
    ]);
  });

  it('registers sites and devices idempotently, every factor on a known parameter', async () => {
    const { db } = current();
    await registerDemoDevices(db, 1_000);
    const again = await registerDemoDevices(db, 2_000);
    expect(again).toEqual({ sites: 15, devices: 15 });
    const devices = await listDevices(db, EVERY_SITE);
    expect(devices).toHaveLength(15);
    const parameters = new Set((await listParameters(db)).map((p) => p.code));
    for (const d of devices)
      for (const f of d.factors.values()) expect(parameters.has(f.parameter)).toBe(true);
    const outlets = await listSites(db, EVERY_SITE, { kind: 'outlet' });
    expect(outlets.map((s) => [s.code, s.townshipId, s.isSample, s.inDistrictValue])).toEqual([
      ['QB-E01', '410611200', true, false],
      ['QB-E02', '410611100', true, false],
      ['QB-E03', '410611001', true, false],
    ]);
    const kiln = devices.find((d) => d.mn === '410611DEE000000000000001');
    expect(kiln?.siteId).toBe(outlets[0]?.id);
    expect(kiln?.expectedIntervalS).toBe(30);
  });
});
