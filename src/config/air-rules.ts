import { z } from 'zod';

/** The air assessment rules a deployment chooses (config `air`); see config.ts. */
export const airRulesConfig = z
  .object({
    dayRule: z.enum(['by-date', 'all-six']).default('by-date'),
    exemptPollutants: z
      .record(z.string().min(1), z.array(z.enum(['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3'])).max(6))
      .default({}),
  })
  .strict();

export type AirRulesConfig = z.infer<typeof airRulesConfig>;

export const DEFAULT_AIR_RULES: AirRulesConfig = airRulesConfig.parse({});
