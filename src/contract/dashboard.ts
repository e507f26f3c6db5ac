import { z } from 'zod';
import { codeList, epochMs, isoDate } from './common.ts';

/**
 * The dashboard's contract: queries and answers of /api/dashboard/* and the events of /api/live.
 * The web client imports the inferred types (type-only, so zod stays out of its bundle).
 */

export const pollutantKey = z.enum(['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3']);
export type PollutantKey = z.infer<typeof pollutantKey>;

const n = z.number().nullable();
const pollutantValues = z.object({
  SO2: n,
  NO2: n,
  PM10: n,
  'PM2.5': n,
  CO: n,
  O3: n,
});
export type PollutantValues = z.infer<typeof pollutantValues>;

/** An AQI with its HJ 633 level and colour; all null when NA. */
export const aqiSummary = z.object({
  aqi: z.number().int().nullable(),
  level: z.number().int().min(1).max(6).nullable(),
  color: z.string().nullable(),
  primary: z.array(pollutantKey),
});
export type AqiSummary = z.infer<typeof aqiSummary>;

/** online: data and device fine; offline: the receiver marked a device offline; no-data: nothing for 3 h. */
export const stationStatus = z.enum(['online', 'offline', 'no-data']);
export type StationStatus = z.infer<typeof stationStatus>;
/**
 * Why a status holds, when it needs saying (issue 12): 'backup-online' = the main logger is off and the station
 * reports through its backup logger (备用数采仪在线). Optional: added after the status itself.
 */
export const stationStatusNote = z.enum(['backup-online']);
export type StationStatusNote = z.infer<typeof stationStatusNote>;

export const stationNow = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  tier: z.string().nullable(),
  townshipId: z.string().nullable(),
  townshipName: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  isSample: z.boolean(),
  /** Start of the hour the values belong to; null without data at that hour. */
  time: z.number().nullable(),
  values: pollutantValues,
  aqi: aqiSummary,
  status: stationStatus,
  statusSince: z.number().nullable(),
  statusNote: stationStatusNote.nullable().optional(),
});
export type StationNow = z.infer<typeof stationNow>;

export const snapshotQuery = z.object({
  /** Start of an hour (epoch ms); default the newest hour with data. */
  at: epochMs.optional(),
});

export const snapshotBody = z.object({
  at: z.number().nullable(),
  latestHour: z.number().nullable(),
  /** The 24 hours ending at the newest one, for the time slider. */
  hours: z.array(z.number()),
  district: z.object({ values: pollutantValues, aqi: aqiSummary }),
  stations: z.array(stationNow),
});
export type SnapshotBody = z.infer<typeof snapshotBody>;

export const hoursQuery = z.object({
  /** Site codes; empty = every district station. */
  sites: codeList.optional(),
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 93)
    .default(72),
  /** Last hour (start, epoch ms); default the newest hour with data. */
  to: epochMs.optional(),
});
export type HoursQuery = z.infer<typeof hoursQuery>;

export const siteHours = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  values: z.record(pollutantKey, z.array(n)),
  aqi: z.array(n),
  /**
   * Hours [from, to) (indexes) with no usable value of any pollutant, and why (issue 12): the logger was offline,
   * values came but none was valid (with the HJ 212 flag sent), or nothing came. Charts show them as gaps.
   */
  gaps: z
    .array(
      z.object({
        from: z.number().int(),
        to: z.number().int(),
        reason: z.enum(['offline', 'invalid', 'no-data']),
        flag: z.string().nullable(),
      }),
    )
    .optional(),
});
export const hoursBody = z.object({
  /** Start of the first hour; hour i starts at t0 + i·3600000. */
  t0: z.number(),
  count: z.number().int(),
  sites: z.array(siteHours),
});
export type HoursBody = z.infer<typeof hoursBody>;

export const daysQuery = z.object({
  /** One site code; absent = the district value. */
  site: z.string().optional(),
  from: isoDate,
  to: isoDate,
});
export type DaysQuery = z.infer<typeof daysQuery>;

/** Why a day does not count: a pollutant had too few hours, or O3 too few 8-hour windows. */
export const dayReason = z.object({
  pollutant: pollutantKey,
  kind: z.enum(['hours', 'o3-windows']),
  have: z.number().int(),
  need: z.number().int(),
});
export type DayReason = z.infer<typeof dayReason>;

/** Which day rule made a day count or not, and why (rules/air/day-rule.ts). */
export const dayVerdict = z.object({
  counts: z.boolean(),
  rule: z.enum(['all-six', 'aqi-published-2026']),
  reason: z.enum(['all-six-valid', 'missing', 'partial-aqi-over-100', 'partial-aqi-na', 'exempt']),
  missing: z.array(pollutantKey),
  exempt: z.array(pollutantKey),
  aqiFromAvailable: z.number().nullable(),
  available: z.number().int(),
  clause: z.string(),
});
export type DayVerdictBody = z.infer<typeof dayVerdict>;

export const dayRow = z.object({
  date: z.string(),
  aqi: aqiSummary,
  means: pollutantValues,
  valid: z.boolean(),
  /** Missing pollutants' hours or O3 windows; given whenever a pollutant is missing, counted day or not. */
  reasons: z.array(dayReason),
  verdict: dayVerdict,
});
export type DayRow = z.infer<typeof dayRow>;
export const daysBody = z.object({ site: z.string(), name: z.string(), days: z.array(dayRow) });
export type DaysBody = z.infer<typeof daysBody>;

const status = z.enum(['on-track', 'at-risk', 'missed', 'unknown']);

/** A period's headline figures: complete days from `from` to `to` (`days` of them), rounded per period-rounding. */
export const periodFigures = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  validDays: z.number().int(),
  pm25: n,
  goodRatio: n,
  compositeIndex: n,
});

/** Why two periods are not compared (rules/air/periods.ts whyIncomparable). */
export const incomparable = z.object({
  side: z.enum(['current', 'previous']),
  validDays: z.number().int(),
  days: z.number().int(),
  needed: z.number().int(),
});

/** A change against another period, of the displayed figures; ratios in 个百分点. */
export const periodChange = z.object({
  compositeIndex: n,
  compositeRate: n,
  goodRatioPp: n,
  pm25: n,
  incomparable: incomparable.nullable(),
});
export type PeriodChangeBody = z.infer<typeof periodChange>;
/**
 * The rounding table the server rounded its figures with (rules/air/period-rounding.ts, config `air.rounding`):
 * decimals per quantity, so a client prints each figure with the digits it was rounded to.
 */
export const roundingTable = z.object({
  concentration: z.record(pollutantKey, z.number().int().min(0)),
  composite: z.number().int().min(0),
  ratio: z.number().int().min(0),
  ratioChangePp: z.number().int().min(0),
  changeRate: z.number().int().min(0),
});
export type RoundingTableBody = z.infer<typeof roundingTable>;

export const overviewBody = z.object({
  today: z.string(),
  year: z.number().int(),
  targets: z.object({
    asOf: z.string(),
    remainingDays: z.number().int(),
    pm25: z.object({
      target: z.number(),
      meanSoFar: n,
      projected: n,
      maxRemainingMean: n,
      status,
    }),
    goodRatio: z.object({
      target: z.number(),
      ratioSoFar: n,
      daysSoFar: z.number().int(),
      validDaysSoFar: z.number().int(),
      expectedTotalValidDays: z.number().int(),
      /** 剩余天数中至少还需 N 个优良天 */
      stillNeeded: z.number().int(),
      projectedRatio: n,
      status,
    }),
    heavyRatio: z.object({
      target: z.number(),
      ratioSoFar: n,
      daysSoFar: z.number().int(),
      stillAllowed: z.number().int(),
      projectedRatio: n,
      status,
    }),
    /** thresholdSource: where the office's R-T4 threshold comes from (外部数据); null when none is entered. */
    composite: z.object({
      value: n,
      threshold: n,
      status,
      thresholdSource: z.string().nullable().optional(),
    }),
  }),
  now: z.object({ time: n, values: pollutantValues, aqi: aqiSummary }),
  days: z.object({
    latest: z.object({ date: z.string(), aqi: aqiSummary, pm25: n }),
    previous: z.object({ date: z.string(), aqi: aqiSummary, pm25: n }),
    lastYear: z.object({ date: z.string(), aqi: aqiSummary, pm25: n }),
  }),
  /** Year to date: 1 January to the last complete day (rules/air/periods.ts), figures as 报表 rounds them. */
  ytd: periodFigures,
  /**
   * Year to date, actual (实况): sand-dust and exceptional days not deducted. `ytd` is the headline, with them
   * deducted (issue 13); equal when no day is marked. `ytdDeductedDays`: the marked days in the year to date.
   */
  ytdActual: periodFigures,
  ytdDeductedDays: z.number().int(),
  /** The same dates a year earlier. */
  ytdLastYear: periodFigures,
  /** Year to date against last year's same period; all null, with the reason, when either has too few valid days. */
  ytdChange: periodChange,
  /** Month to date, ranked by composite index (lower is better). */
  stations: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      townshipId: z.string().nullable(),
      townshipName: z.string().nullable(),
      /** Shared on ties; null without a composite index. */
      rank: z.number().int().nullable(),
      compositeIndex: n,
      pm25: n,
      goodRatio: n,
      aqiNow: aqiSummary,
      status: stationStatus,
      statusNote: stationStatusNote.nullable().optional(),
    }),
  ),
  townships: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      stations: z.number().int(),
      rank: z.number().int().nullable(),
      compositeIndex: n,
      pm25: n,
      goodRatio: n,
    }),
  ),
  /** The ranking's period: the 1st of the month to the last complete day. */
  monthFrom: z.string(),
  monthTo: z.string(),
  /** The decimals the figures above were rounded to (issue 13). */
  rounding: roundingTable,
});
export type OverviewBody = z.infer<typeof overviewBody>;

export const exportQuery = z
  .object({
    from: isoDate,
    to: isoDate,
    sites: codeList.optional(),
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
    lang: z.enum(['zh', 'en']).default('zh'),
  })
  .refine((q) => q.from <= q.to, {
    message: '开始日期不能晚于结束日期 / from must not be after to',
    path: ['to'],
  });
export type ExportQuery = z.infer<typeof exportQuery>;

/** Server-sent events of /api/live: `hello` on connect, `data`, `device`, and a keep-alive `ping` ({}). */
export const liveHelloEvent = z.object({ version: z.number() });
export const livePingEvent = z.object({});
export const liveDataEvent = z.object({ version: z.number(), latestHour: z.number().nullable() });
export type LiveDataEvent = z.infer<typeof liveDataEvent>;
export const liveDeviceEvent = z.object({
  id: z.number(),
  at: z.number(),
  kind: z.enum(['device_offline', 'device_online']),
  mn: z.string(),
  site: z.string().nullable(),
});
export type LiveDeviceEvent = z.infer<typeof liveDeviceEvent>;

/** Each event of GET /api/live by its name, with the shape of its `data`: what a client may receive. */
export const LIVE_EVENTS = {
  hello: liveHelloEvent,
  data: liveDataEvent,
  device: liveDeviceEvent,
  ping: livePingEvent,
} as const;
export const liveEventData = z.union([liveHelloEvent, liveDataEvent, liveDeviceEvent, livePingEvent]);
