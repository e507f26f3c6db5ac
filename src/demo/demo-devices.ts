/**
 * SAMPLE HJ 212 devices (数采仪) for the demo: one per sample air station (DEMO_SITES) and three SAMPLE enterprise
 * outlets. Like the stations, they are ILLUSTRATIVE — made-up MNs, passwords, names and levels, not real devices
 * or real enterprises of Qibin District. Every site is stored with `isSample: true`. The simulator
 * (src/simulator/) plays these devices; `registerDemoDevices` tells the receiver about them.
 *
 * MN: 24 hex characters as HJ 212-2017 表3 asks (EPC-96; hj212.md §1.1), readable on purpose:
 * `410611` (Qibin's GB/T 2260 code) + `DE` (demo) + `A` air township / `C` air city / `E` enterprise + serial.
 *
 * Units: the air loggers send what ambient stations really send (hj212.md §4 "unit trap", samples #2/#9):
 * µg/m³ for PM2.5, PM10, SO2, NO2 and O3 and mg/m³ for CO — although 表B.2 prints mg/m³ for a21026/a21004 and
 * ng/m³ for a34004/a34002 — so every scale is 1 and the stored hourly values equal the demo history exactly.
 * The outlets send 表B.2's default units (mg/m³, %, ℃, m³/s), stored under parameters named by the same codes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '#store/database.ts';
import { adoptSiteValues } from '#store/device-values.repository.ts';
import { type DeviceFactorInput, upsertDevice } from '#store/devices.repository.ts';
import type { CrcPolicy } from '#store/devices.table.ts';
import { seedPlaces } from '#store/places.ts';
import { type SiteInput, upsertSite } from '#store/sites.repository.ts';
import type { OutletProfile } from '../simulator/logger-spec.ts';
import { DEMO_SOURCE } from './demo-fill.ts';
import { DEMO_SITES, type DemoSite, toSiteInput } from './demo-sites.ts';

/** How much of the modelled history a sample logger's own page shows (the station keeps all of it). */
const DEMO_LOGGER_HISTORY_MS = 7 * 86_400_000;

export const SAMPLE_DEVICES =
  'Sample demo devices and enterprises: illustrative, not real devices or companies.';

/** HJ 212 air factor codes (表B.2; O3 from HJ 524-2009) → the platform's air parameters, value × scale. */
export const AIR_FACTOR_MAP: readonly Required<DeviceFactorInput>[] = [
  { factor: 'a34004', parameter: 'PM2.5', scale: 1 },
  { factor: 'a34002', parameter: 'PM10', scale: 1 },
  { factor: 'a21026', parameter: 'SO2', scale: 1 },
  { factor: 'a21004', parameter: 'NO2', scale: 1 },
  { factor: 'a21005', parameter: 'CO', scale: 1 },
  { factor: 'a05024', parameter: 'O3', scale: 1 },
];

/** Flue-gas factors (表B.2) → parameters named by their HJ 212 code (migration 0002), in 表B.2 units. */
export const OUTLET_FACTOR_MAP: readonly Required<DeviceFactorInput>[] = [
  'a21026', // 二氧化硫 mg/m³
  'a21002', // 氮氧化物 mg/m³
  'a34013', // 烟尘 mg/m³
  'a19001', // 氧气含量 %
  'a01012', // 烟气温度 ℃
  'a00000', // 废气 m³/s
].map((code) => ({ factor: code, parameter: code, scale: 1 }));

export interface DemoDevice {
  readonly mn: string;
  readonly password: string;
  readonly siteCode: string;
  readonly name: string;
  readonly kind: 'air' | 'outlet';
  readonly crcPolicy: CrcPolicy;
  /** The 2011 real-time interval: the receiver calls a device offline after a few missed intervals. */
  readonly expectedIntervalS: number;
  readonly factors: readonly Required<DeviceFactorInput>[];
}

/** A SAMPLE enterprise outlet: its site, what kind of works it is, and how its stack typically behaves. */
export interface DemoOutlet {
  readonly site: SiteInput & { code: string; kind: 'outlet'; isSample: true };
  readonly enterpriseKind: string;
  readonly seed: number;
  readonly profile: OutletProfile;
}

/** Seconds between 2011 real-time packets of every demo device. */
export const DEMO_RTD_INTERVAL_S = 30;

/**
 * Illustrative limits (mg/m³, 折算) in the spirit of Henan's industrial-kiln requirements (颗粒物 10, SO2 50,
 * NOx 100) — NOT verified against the text of any standard [M]; used only to script the exceedance scenario.
 */
const KILN_LIMITS = { so2: 50, nox: 100, smoke: 10 } as const;
/** Reference O2 for the 折算 values: excess-air coefficient 1.7 of GB 9078-1996 ≈ 8.6 % O2 [M]. */
const REF_O2 = 8.6;

function outlet(
  n: number,
  townshipId: string,
  name: string,
  nameEn: string,
  enterpriseKind: string,
  lon: number,
  lat: number,
  profile: Omit<OutletProfile, 'refO2' | 'limits'>,
): DemoOutlet {
  return {
    site: {
      code: `QB-E${String(n).padStart(2, '0')}`,
      name,
      nameEn,
      kind: 'outlet',
      tier: null,
      townshipId,
      lon,
      lat,
      isSample: true,
      inDistrictValue: false,
    },
    enterpriseKind,
    seed: 200 + n,
    profile: { ...profile, refO2: REF_O2, limits: KILN_LIMITS },
  };
}

/** SAMPLE enterprise outlets (made-up works of kinds the action plan names). Approximate coordinates. */
export const DEMO_OUTLETS: readonly DemoOutlet[] = [
  outlet(
    1,
    '410611200',
    '示例石灰窑厂 1#窑排口（上峪乡）',
    'Sample lime kiln stack, Shangyu (sample)',
    '石灰窑',
    114.06,
    35.806,
    {
      schedule: 'continuous',
      so2: 22,
      nox: 62,
      smoke: 3.5,
      o2: 10,
      temp: 135,
      flow: 16,
    },
  ),
  outlet(
    2,
    '410611100',
    '示例砂石料厂 烘干机排口（大赉店镇）',
    'Sample sand-and-gravel plant dryer stack, Dalaidian (sample)',
    '砂石料厂',
    114.215,
    35.668,
    {
      schedule: 'daytime',
      so2: 14,
      nox: 46,
      smoke: 5.5,
      o2: 12,
      temp: 82,
      flow: 8.5,
    },
  ),
  outlet(
    3,
    '410611001',
    '示例铸造厂 熔炼炉排口（金山街道）',
    'Sample foundry melting furnace stack, Jinshan (sample)',
    '铸造厂',
    114.228,
    35.781,
    {
      schedule: 'daytime',
      so2: 28,
      nox: 55,
      smoke: 6,
      o2: 11,
      temp: 105,
      flow: 11,
    },
  ),
];

/** `410611` + `DE` + kind letter + 15-digit serial = 24 hex characters. */
export function demoMn(kind: 'A' | 'C' | 'E', n: number): string {
  return `410611DE${kind}${String(n).padStart(15, '0')}`;
}

function airDevice(site: DemoSite): DemoDevice {
  const city = site.tier === 'city';
  const n = Number(site.code.slice(-2));
  return {
    mn: demoMn(city ? 'C' : 'A', n),
    password: `QB${city ? 'C' : 'T'}${String(n).padStart(3, '0')}`,
    siteCode: site.code,
    name: `${site.name} 数采仪（示例）`,
    kind: 'air',
    crcPolicy: 'standard',
    expectedIntervalS: DEMO_RTD_INTERVAL_S,
    factors: AIR_FACTOR_MAP,
  };
}

function outletDevice(o: DemoOutlet, n: number): DemoDevice {
  return {
    mn: demoMn('E', n),
    password: `QBE${String(n).padStart(3, '0')}`,
    siteCode: o.site.code,
    name: `${o.site.name} CEMS 数采仪（示例）`,
    kind: 'outlet',
    crcPolicy: 'standard',
    expectedIntervalS: DEMO_RTD_INTERVAL_S,
    factors: OUTLET_FACTOR_MAP,
  };
}

/** Every SAMPLE device: the air stations' loggers, then the outlets'. */
export const DEMO_DEVICES: readonly DemoDevice[] = [
  ...DEMO_SITES.map(airDevice),
  ...DEMO_OUTLETS.map((o, i) => outletDevice(o, i + 1)),
];

export interface RegisteredDemoDevices {
  readonly sites: number;
  readonly devices: number;
}

/**
 * Upsert the sample sites (air stations and outlets) and their devices, so the receiver accepts the simulator's
 * packets. Idempotent; safe to run at every start. Seeds Qibin's places first (the sites' townships).
 */
export async function registerDemoDevices(
  db: Kysely<Database>,
  now = Date.now(),
): Promise<RegisteredDemoDevices> {
  await seedPlaces(db);
  const siteInputs: SiteInput[] = [...DEMO_SITES.map(toSiteInput), ...DEMO_OUTLETS.map((o) => o.site)];
  const ids = new Map<string, number>();
  for (const input of siteInputs) ids.set(input.code, (await upsertSite(db, input, now)).id);
  for (const d of DEMO_DEVICES) {
    await upsertDevice(
      db,
      {
        mn: d.mn,
        siteId: ids.get(d.siteCode) as number,
        name: d.name,
        password: d.password,
        crcPolicy: d.crcPolicy,
        expectedIntervalS: d.expectedIntervalS,
        factors: d.factors,
      },
      now,
    );
    // The modelled history stands for what the sample logger sent: its own page shows the last week of it
    // (values are kept per logger as well as per site, issue 12; older history stays the station's).
    await adoptSiteValues(db, {
      mn: d.mn,
      siteId: ids.get(d.siteCode) as number,
      source: DEMO_SOURCE,
      since: now - DEMO_LOGGER_HISTORY_MS,
    });
  }
  return { sites: siteInputs.length, devices: DEMO_DEVICES.length };
}
