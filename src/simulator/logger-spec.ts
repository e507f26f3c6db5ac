/**
 * What a virtual data logger (数采仪) is: its HJ 212 identity and the source it measures. Plain data, so the
 * demo's sample devices (src/demo/demo-devices.ts) and tests can describe loggers without touching the model.
 */
import type { Pollutant } from '#rules/air/types.ts';

/** Which revision the logger speaks: 2017 (Flag=5) or 2025 (Flag=9, RF=1 on back-filled data [M]). */
export type LoggerVersion = '2017' | '2025';

/** One ambient-air factor: the HJ 212 code the logger sends and the demo air model's pollutant behind it. */
export interface AirFactorSpec {
  readonly code: string;
  readonly pollutant: Pollutant;
}

/**
 * Typical operation of a SAMPLE flue-gas outlet (CEMS). Concentrations are as measured (mg/m³, dry), O2 in %,
 * temperature in ℃, flow in m³/s — the HJ 212-2017 表B.2 default units, so the device scale is 1.
 */
export interface OutletProfile {
  /** `continuous` kilns run day and night; `daytime` plants stop (Flag F, 停运) outside 08:00–20:00. */
  readonly schedule: 'continuous' | 'daytime';
  readonly so2: number;
  readonly nox: number;
  readonly smoke: number;
  readonly o2: number;
  readonly temp: number;
  readonly flow: number;
  /** Reference O2 (%) for the 折算 (ZsRtd/ZsAvg) values: C × (21 − ref) / (21 − O2). */
  readonly refO2: number;
  /** Illustrative emission limits (mg/m³, 折算) the outlet-exceedance scenario goes above [M]. */
  readonly limits: { readonly so2: number; readonly nox: number; readonly smoke: number };
}

interface LoggerBase {
  /** HJ 212 MN (24 hex characters in HJ 212-2017, §6.3.2 表3). */
  readonly mn: string;
  /** HJ 212 PW (up to 6 characters). */
  readonly pw: string;
  /** The site this logger reports for (sites.code). */
  readonly siteCode: string;
  readonly name: string;
  /** Stable small integer that varies noise and faults between loggers. */
  readonly seed: number;
  /** Seconds between 2011 real-time packets (HJ 212-2017 RtdInterval, 30–3600 s). */
  readonly rtdIntervalS: number;
  /** Send 2051 minute data every minute. */
  readonly minuteData: boolean;
  readonly version: LoggerVersion;
}

export interface AirLoggerSpec extends LoggerBase {
  readonly kind: 'air';
  /** The demo air model's site seed and level factor (DEMO_SITES), so hourly values equal the demo history. */
  readonly siteSeed: number;
  readonly siteFactor: number;
  readonly factors: readonly AirFactorSpec[];
}

export interface OutletLoggerSpec extends LoggerBase {
  readonly kind: 'outlet';
  readonly profile: OutletProfile;
}

export type LoggerSpec = AirLoggerSpec | OutletLoggerSpec;

/** ST 系统编码 (HJ 212-2017 表5): 22 空气质量, 31 大气环境污染源. */
export function systemCodeOf(spec: LoggerSpec): string {
  return spec.kind === 'air' ? '22' : '31';
}
