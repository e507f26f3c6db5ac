/** The base (pre-scenario) values of one logger for one hour, minute by minute: the model's single source. */

export interface FactorHour {
  readonly code: string;
  /** Decimals of real-time and minute values (analysers print more than the hourly value). */
  readonly decimals: number;
  /** Decimals of the hourly values. */
  readonly hourDecimals: number;
  /** 60 minute means, rounded to `decimals`. */
  readonly minutes: readonly number[];
  /** Relative spread of the real-time samples (and of a minute's Min/Max) around the minute mean. */
  readonly jitter: number;
  /** Data flag (HJ 212-2017 表8) per minute. */
  readonly flags: readonly string[];
  /** Flag of the hour. */
  readonly hourFlag: string;
  /** The hourly mean when the model fixes it (air: the demo model's value); else the mean of valid minutes. */
  readonly hourAvg?: number;
  /** Send 折算 (Zs*) values computed with the hour's O2 (flue gas). */
  readonly zs?: boolean;
  /** Send Cou: `pollutant` = kg from concentration × flow, `flow` = m³. */
  readonly cou?: 'pollutant' | 'flow';
}

export interface HourProfile {
  readonly hourStart: number;
  readonly factors: readonly FactorHour[];
  /** Reference O2 (%) for Zs values (flue gas only). */
  readonly refO2?: number;
  /** Codes of the O2 and flow factors whose values feed Zs and Cou. */
  readonly o2Code?: string;
  readonly flowCode?: string;
}

/** Hourly flag from minute flags: flue gas "≥ 75 % normal values → normal" (附录C notes); else the commonest. */
export function hourFlagOf(flags: readonly string[]): string {
  let normal = 0;
  const counts = new Map<string, number>();
  for (const f of flags) {
    if (f === 'N') normal++;
    else counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  if (normal >= flags.length * 0.75) return 'N';
  let best = 'D';
  let most = 0;
  for (const [f, n] of counts) {
    if (n > most) {
      best = f;
      most = n;
    }
  }
  return best;
}
