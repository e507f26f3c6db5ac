import { z } from 'zod';
import { type PlausibilityPolicy, policyFor, type ValueRange } from '#rules/plausibility/plausibility.ts';
import { DEFAULT_BACKFILL_DAYS, DEFAULT_CLOCK_SKEW_S, DEFAULT_RANGES } from './plausibility-defaults.ts';

const DAY_MS = 86_400_000;

const range = z
  .object({ min: z.number().finite(), max: z.number().finite() })
  .strict()
  .refine((r) => r.min <= r.max, 'min must not exceed max');

const limits = {
  /** Back-fill window in days (补传 reach). */
  backfillDays: z.number().positive().max(3660),
  /** Clock-skew allowance in seconds (DataTime ahead of the receiver). */
  clockSkewS: z.number().int().min(0).max(86_400),
  /** Parameter code → {min, max}, merged over the defaults (plausibility-defaults.ts). */
  ranges: z.record(z.string().min(1), range),
};

/**
 * `plausibility` in the config file: platform-wide limits, and per device (by MN) what differs — e.g. a dust
 * monitor on a quarry whose PM10 analyser reads to 20 000, or a logger known to send a month-old 补传.
 */
export const plausibilityConfig = z
  .object({
    backfillDays: limits.backfillDays.default(DEFAULT_BACKFILL_DAYS),
    clockSkewS: limits.clockSkewS.default(DEFAULT_CLOCK_SKEW_S),
    ranges: limits.ranges.default({}),
    devices: z.record(z.string().min(1), z.object(limits).partial().strict()).default({}),
  })
  .strict();

export type PlausibilityConfig = z.infer<typeof plausibilityConfig>;

/** The platform's policy and each configured device's, ready for the receiver and the importer. */
export interface PlausibilityPolicies {
  readonly base: PlausibilityPolicy;
  /** The policy for a device's MN (the base one when the device has no overrides). */
  forDevice(mn: string): PlausibilityPolicy;
}

export function plausibilityPolicies(
  config: PlausibilityConfig = plausibilityConfig.parse({}),
): PlausibilityPolicies {
  const base: PlausibilityPolicy = {
    backfillMs: config.backfillDays * DAY_MS,
    clockSkewMs: config.clockSkewS * 1000,
    ranges: { ...DEFAULT_RANGES, ...config.ranges },
  };
  const devices = new Map<string, PlausibilityPolicy>();
  for (const [mn, d] of Object.entries(config.devices)) {
    devices.set(
      mn,
      policyFor(base, {
        ...(d.backfillDays !== undefined ? { backfillMs: d.backfillDays * DAY_MS } : {}),
        ...(d.clockSkewS !== undefined ? { clockSkewMs: d.clockSkewS * 1000 } : {}),
        ...(d.ranges !== undefined ? { ranges: d.ranges as Record<string, ValueRange> } : {}),
      }),
    );
  }
  return { base, forDevice: (mn) => devices.get(mn) ?? base };
}

/** The defaults alone (tests, tools without a config). */
export const DEFAULT_PLAUSIBILITY: PlausibilityPolicies = plausibilityPolicies();
