/** The demo's SAMPLE devices (src/demo/demo-devices.ts) as virtual loggers. */

import type { Pollutant } from '#rules/air/types.ts';
import { DEMO_DEVICES, DEMO_OUTLETS, DEMO_RTD_INTERVAL_S } from '../demo/demo-devices.ts';
import { DEMO_SITES } from '../demo/demo-sites.ts';
import type { LoggerSpec, LoggerVersion } from './logger-spec.ts';

export interface DemoLoggerOptions {
  /** Only these site codes (QB-T01…, QB-C01…, QB-E01…); default all. Unknown codes throw. */
  readonly sites?: readonly string[];
  readonly version?: LoggerVersion;
  /** Send 2051 minute data (default true). */
  readonly minuteData?: boolean;
  readonly rtdIntervalS?: number;
}

/** Thrown for a site code that is not a demo device (a user error at the CLI). */
export class UnknownSiteError extends Error {
  override readonly name = 'UnknownSiteError';
}

/** Site codes of every demo logger, in order. */
export function demoSiteCodes(): string[] {
  return DEMO_DEVICES.map((d) => d.siteCode);
}

export function demoLoggers(options: DemoLoggerOptions = {}): LoggerSpec[] {
  const wanted = options.sites;
  if (wanted !== undefined) {
    const known = new Set(demoSiteCodes());
    const unknown = wanted.filter((s) => !known.has(s));
    if (unknown.length > 0) {
      throw new UnknownSiteError(
        `no demo device for ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
      );
    }
  }
  const out: LoggerSpec[] = [];
  for (const d of DEMO_DEVICES) {
    if (wanted !== undefined && !wanted.includes(d.siteCode)) continue;
    const base = {
      mn: d.mn,
      pw: d.password,
      siteCode: d.siteCode,
      name: d.name,
      rtdIntervalS: options.rtdIntervalS ?? DEMO_RTD_INTERVAL_S,
      minuteData: options.minuteData ?? true,
      version: options.version ?? '2017',
    } as const;
    if (d.kind === 'air') {
      const site = DEMO_SITES.find((s) => s.code === d.siteCode);
      if (!site) continue;
      out.push({
        ...base,
        kind: 'air',
        seed: site.seed,
        siteSeed: site.seed,
        siteFactor: site.factor,
        factors: d.factors.map((f) => ({ code: f.factor, pollutant: f.parameter as Pollutant })),
      });
    } else {
      const o = DEMO_OUTLETS.find((x) => x.site.code === d.siteCode);
      if (!o) continue;
      out.push({ ...base, kind: 'outlet', seed: o.seed, profile: o.profile });
    }
  }
  return out;
}
