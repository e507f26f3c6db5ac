/**
 * Flue-gas outlet (CEMS) values, minute by minute, for a SAMPLE enterprise: production load drifts over hours,
 * concentrations follow load with analyser noise, O2 rises when load falls, flow and temperature follow load.
 * Plants on a `daytime` schedule stop outside 08:00–20:00 (Beijing): flow near zero, ambient O2, Flag F 停运.
 * Each day the gas analysers (SO2, NOx, O2) run a 15-minute zero/span check (Flag C 校准); rarely an hour is
 * flagged D 故障 (one analyser) or M 维护 (the whole system). Hourly flags follow "≥ 75 % normal → N".
 */
import type { FactorHour, HourProfile } from './hour-profile.ts';
import { hourFlagOf } from './hour-profile.ts';
import type { OutletLoggerSpec, OutletProfile } from './logger-spec.ts';
import { hash01, hashSigned, roundTo, smoothNoise, stringSeed } from './noise.ts';
import { beijingHour, HOUR, MINUTE } from './time.ts';

type Quantity = 'so2' | 'nox' | 'smoke' | 'o2' | 'temp' | 'flow';

interface OutletFactor {
  readonly code: string;
  readonly quantity: Quantity;
  readonly decimals: number;
  readonly jitter: number;
  readonly analyser: boolean;
  readonly zs?: boolean;
  readonly cou?: 'pollutant' | 'flow';
}

/** Flue-gas factors (HJ 212-2017 表B.2) in the order a CEMS typically sends them. */
export const OUTLET_FACTORS: readonly OutletFactor[] = [
  { code: 'a21026', quantity: 'so2', decimals: 2, jitter: 0.04, analyser: true, zs: true, cou: 'pollutant' },
  { code: 'a21002', quantity: 'nox', decimals: 1, jitter: 0.03, analyser: true, zs: true, cou: 'pollutant' },
  {
    code: 'a34013',
    quantity: 'smoke',
    decimals: 2,
    jitter: 0.06,
    analyser: false,
    zs: true,
    cou: 'pollutant',
  },
  { code: 'a19001', quantity: 'o2', decimals: 2, jitter: 0.01, analyser: true },
  { code: 'a01012', quantity: 'temp', decimals: 1, jitter: 0.005, analyser: false },
  { code: 'a00000', quantity: 'flow', decimals: 2, jitter: 0.02, analyser: false, cou: 'flow' },
];

const O2_CODE = 'a19001';
const FLOW_CODE = 'a00000';

function running(profile: OutletProfile, t: number): boolean {
  if (profile.schedule === 'continuous') return true;
  const h = beijingHour(t);
  return h >= 8 && h < 20;
}

/** Production load around 0.85, drifting over hours, at minute time `t`. */
function load(t: number, salt: number): number {
  return 0.85 + 0.12 * smoothNoise(t / (2 * HOUR), salt, 1) + 0.04 * smoothNoise(t / (10 * MINUTE), salt, 2);
}

function baseValue(q: Quantity, p: OutletProfile, t: number, on: boolean, salt: number): number {
  const wobble = (scale: number, period: number, k: number) =>
    scale * (0.7 * smoothNoise(t / period, salt, k) + 0.3 * hashSigned(Math.floor(t / MINUTE), salt, k));
  if (!on) {
    // Stopped: natural draught, cold stack, ambient air.
    if (q === 'o2') return 20.6 + wobble(0.2, HOUR, 3);
    if (q === 'temp') return 18 + 6 * smoothNoise(t / (6 * HOUR), salt, 4);
    if (q === 'flow') return p.flow * (0.04 + wobble(0.01, HOUR, 5));
    return Math.max(0, p[q] * 0.03 * (1 + wobble(0.5, HOUR, 6)));
  }
  const l = load(t, salt);
  switch (q) {
    case 'o2':
      return p.o2 + 6 * (0.85 - l) + wobble(0.25, 30 * MINUTE, 7);
    case 'temp':
      return p.temp * (0.9 + 0.12 * l) + wobble(1.5, HOUR, 8);
    case 'flow':
      return p.flow * (l / 0.85) * (1 + wobble(0.03, 20 * MINUTE, 9));
    case 'so2':
      return p.so2 * (0.6 + 0.47 * l) * (1 + wobble(0.2, 90 * MINUTE, 10));
    case 'nox':
      return p.nox * (0.5 + 0.59 * l) * (1 + wobble(0.12, 60 * MINUTE, 11));
    case 'smoke':
      return p.smoke * (1 + wobble(0.3, 45 * MINUTE, 12));
  }
}

/** The calibration hour of the day: at night for kilns that run around the clock, at shift start otherwise. */
function calibrationHour(spec: OutletLoggerSpec): number {
  return spec.profile.schedule === 'continuous' ? 2 + (spec.seed % 4) : 8;
}

/** The hour starting at `hourStart` for an outlet logger. */
export function outletHour(spec: OutletLoggerSpec, hourStart: number, seed: number): HourProfile {
  const p = spec.profile;
  const salt = stringSeed(spec.mn) ^ seed;
  const hourIndex = Math.floor(hourStart / HOUR);
  const calibrating = beijingHour(hourStart) === calibrationHour(spec);
  const maintenance = hash01(hourIndex, salt, 21) < 0.002;
  const factors: FactorHour[] = OUTLET_FACTORS.map((f) => {
    const fault = !maintenance && hash01(hourIndex, salt, stringSeed(f.code), 22) < 0.003;
    const minutes: number[] = [];
    const flags: string[] = [];
    for (let i = 0; i < 60; i++) {
      const t = hourStart + i * MINUTE;
      const on = running(p, t);
      let value = baseValue(f.quantity, p, t + 30_000, on, salt);
      let flag = on ? 'N' : 'F';
      if (maintenance) flag = 'M';
      else if (fault) flag = 'D';
      else if (on && calibrating && f.analyser && i < 15) {
        flag = 'C';
        // Zero gas for the first 7 minutes, then span gas (about twice the usual level; O2 span 20.9 %).
        const span = f.quantity === 'o2' ? 20.9 : 2 * p[f.quantity];
        value = i < 7 ? 0 : span * (1 + 0.01 * hashSigned(i, salt, 23));
      }
      minutes.push(roundTo(Math.max(0, value), f.decimals));
      flags.push(flag);
    }
    return {
      code: f.code,
      decimals: f.decimals,
      hourDecimals: f.decimals,
      minutes,
      jitter: f.jitter,
      flags,
      hourFlag: hourFlagOf(flags),
      ...(f.zs ? { zs: true } : {}),
      ...(f.cou ? { cou: f.cou } : {}),
    };
  });
  return { hourStart, factors, refO2: p.refO2, o2Code: O2_CODE, flowCode: FLOW_CODE };
}
