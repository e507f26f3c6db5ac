import { z } from 'zod';

/** Response shapes of the air endpoints (the key fields; objects may carry more). */

const pollutant = z.enum(['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3']);

export const aqiAnswer = z.looseObject({
  ruleSet: z.enum(['2012', '2026']),
  aqi: z.number().int().nullable(),
  category: z.string().nullable(),
  primaryPollutants: z.array(pollutant),
  iaqi: z.record(z.string(), z.number().int().nullable()),
});

const pollutantFigures = z.looseObject({
  validDays: z.number().int(),
  mean: z.number().nullable(),
  complies: z.boolean().nullable(),
});

export const reportFigures = z.looseObject({
  validDays: z.number().int(),
  goodDays: z.number().int(),
  heavyDays: z.number().int(),
  goodRatio: z.number().nullable(),
  heavyRatio: z.number().nullable(),
  compositeIndex: z.number().nullable(),
  pollutants: z.record(pollutant, pollutantFigures),
});

export const airReportBody = z.looseObject({
  from: z.string(),
  to: z.string(),
  ruleSets: z.array(z.enum(['2012', '2026'])),
  spansRuleSets: z.boolean(),
  district: reportFigures,
  sites: z.record(z.string(), reportFigures),
});

export const dailyTableBody = z.looseObject({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  rows: z.array(
    z.looseObject({
      date: z.string(),
      site: z.string(),
      aqi: z.number().int().nullable(),
      category: z.string().nullable(),
    }),
  ),
});

export const targetsBody = z.looseObject({
  year: z.number().int(),
  asOf: z.string(),
  remainingDays: z.number().int(),
});

export const siteBody = z.looseObject({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['air_station', 'outlet']),
  tier: z.string().nullable(),
  townshipId: z.string().nullable(),
  isSample: z.boolean(),
});
