import { z } from 'zod';
import { codeList, isoDate } from './common.ts';

/** A yes/no flag from a CLI switch (boolean) or a query string ("true"/"false"/"1"/"0"). */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .optional()
  .transform((v) => v === true || v === 'true' || v === '1');

const concentration = z.coerce.number().finite().nonnegative('浓度不能为负 / concentration must be ≥ 0');

/** `air aqi`: one AQI computation from concentrations (CO in mg/m³, the others µg/m³). */
export const aqiQuery = z.object({
  kind: z.enum(['daily', 'hourly']),
  date: isoDate,
  so2: concentration.optional(),
  no2: concentration.optional(),
  pm10: concentration.optional(),
  pm25: concentration.optional(),
  co: concentration.optional(),
  o3_8h: concentration.optional(),
  o3_1h: concentration.optional(),
});
export type AqiQuery = z.infer<typeof aqiQuery>;

const periodShape = {
  from: isoDate,
  to: isoDate,
  /** Site codes; empty or absent = every site that counts towards the district value. */
  sites: codeList.optional(),
};

const fromBeforeTo = (q: { from: string; to: string }) => q.from <= q.to;
const fromBeforeToMessage = { message: '开始日期不能晚于结束日期 / from must not be after to', path: ['to'] };

/** `air report`: period statistics for the district value and each site. */
export const reportQuery = z
  .object({
    ...periodShape,
    /** Add year-on-year change against the same period a year earlier. */ yoy: flag,
  })
  .refine(fromBeforeTo, fromBeforeToMessage);
export type ReportQuery = z.infer<typeof reportQuery>;

/** `air daily`: the daily AQI table. */
export const dailyQuery = z
  .object({
    ...periodShape,
    /** Add one row per site and day after the district rows. */
    perSite: flag,
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(5000).default(1000),
  })
  .refine(fromBeforeTo, fromBeforeToMessage);
export type DailyQuery = z.infer<typeof dailyQuery>;

/** `air targets`: progress on R-T1…R-T4 for a year, as of a date. */
export const targetsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  asOf: isoDate.optional(),
  sites: codeList.optional(),
  /** R-T4: the composite index of the rank-threshold city, an external figure (absent = unknown). */
  compositeThreshold: z.coerce.number().positive().optional(),
});
export type TargetsQuery = z.infer<typeof targetsQuery>;
