import { z } from 'zod';
import { isoDate } from './common.ts';
import { crcPolicy, deviceBody, deviceRole } from './devices.ts';
import { HEBI_BOUNDS } from './hebi-bounds.ts';

/**
 * What the district office maintains from the web and the CLI (issue 12): data loggers, sites, sand-dust and
 * exceptional days, external figures. One contract for the API, the CLI and the web client.
 */

// ---- Data loggers (数采仪) ----

const mn = z
  .string()
  .regex(/^[0-9A-Za-z_-]{1,64}$/, 'MN 只能含字母、数字、_ 和 - / MN: letters, digits, _ and -');
/** HJ 212 PW: sent inside the packet, so none of the packet's separators (HJ 212-2017 §6.3). */
const hj212Password = z
  .string()
  .regex(/^[^;,=&\r\n]{1,32}$/, '密码为 1–32 个字符，不含 ;,=& / password: 1–32 characters, no ;,=&');
const sm4Key = z.string().regex(/^[0-9a-fA-F]{32}$/, 'SM4 密钥应为 32 位十六进制 / SM4 key: 32 hex digits');

export const factorEntry = z.object({
  factor: z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,16}$/, '因子编码为 1–16 个字母或数字 / factor code: 1–16 letters or digits'),
  parameter: z.string().min(1, '请选择参数 / choose a parameter').max(32),
  /** Multiplier into the parameter's unit. */
  scale: z
    .number()
    .finite()
    .refine((x) => x !== 0, '比例不能为 0 / scale may not be 0')
    .default(1),
});
export type FactorEntry = z.infer<typeof factorEntry>;

const factorList = z
  .array(factorEntry)
  .max(64, '因子最多 64 个 / at most 64 factors')
  .refine(
    (list) => new Set(list.map((f) => f.factor)).size === list.length,
    '因子编码重复 / a factor code appears twice',
  );

const interval = z
  .number()
  .int()
  .min(1)
  .max(86_400 * 31);
const offlineAfter = z.number().int().min(1).max(1000);

export const deviceCreateBody = z.object({
  mn,
  siteCode: z.string().min(1, '请选择站点 / choose a site').max(64),
  name: z.string().trim().max(100).nullable().optional(),
  /** Absent = generated, shown once in the answer. */
  password: hj212Password.optional(),
  crcPolicy: crcPolicy.default('standard'),
  expectedIntervalS: interval.default(3600),
  offlineAfterMissed: offlineAfter.default(3),
  /** HJ 212-2025 encrypted CP: 'none', a given key, or 'generate' (shown once). */
  sm4: z.union([z.literal('none'), z.literal('generate'), sm4Key]).default('none'),
  /** HJ 212-2025 §6.4.4: quarantine unencrypted data packets (2000–2999); needs an SM4 key. */
  encryptionRequired: z.boolean().default(false),
  enabled: z.boolean().default(true),
  /** Main or backup logger of its site (rules/monitoring/logger-precedence.ts). */
  role: deviceRole.default('main'),
  factors: factorList.default([]),
});
export type DeviceCreateBody = z.input<typeof deviceCreateBody>;

export const deviceUpdateBody = z
  .object({
    siteCode: z.string().min(1).max(64),
    name: z.string().trim().max(100).nullable(),
    crcPolicy,
    expectedIntervalS: interval,
    offlineAfterMissed: offlineAfter,
    enabled: z.boolean(),
    encryptionRequired: z.boolean(),
    role: deviceRole,
    factors: factorList,
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容 / nothing to change');
export type DeviceUpdateBody = z.input<typeof deviceUpdateBody>;

export const deviceKeyBody = z.object({
  /** Absent = generated. */
  password: hj212Password.optional(),
  /** keep the SM4 key, generate a new one, set one, or remove it. */
  sm4: z.union([z.literal('keep'), z.literal('none'), z.literal('generate'), sm4Key]).default('keep'),
});
export type DeviceKeyBody = z.input<typeof deviceKeyBody>;

export const mnParam = z.object({ mn });

/** The new secrets, in this answer only: enter them in the logger now. */
export const deviceSecretsBody = z.object({
  device: deviceBody,
  password: z.string(),
  /** The new SM4 key when one was generated or set; null when none changed hands. */
  sm4Key: z.string().nullable(),
});
export type DeviceSecretsBody = z.infer<typeof deviceSecretsBody>;

export const deviceRemovedBody = z.object({ mn: z.string(), removed: z.literal(true) });
export type DeviceRemovedBody = z.infer<typeof deviceRemovedBody>;

// ---- Sites (站点) ----

const lon = z
  .number()
  .finite()
  .min(
    HEBI_BOUNDS.minLon,
    `经度应在鹤壁范围内（${HEBI_BOUNDS.minLon}–${HEBI_BOUNDS.maxLon}）/ longitude outside Hebi`,
  )
  .max(
    HEBI_BOUNDS.maxLon,
    `经度应在鹤壁范围内（${HEBI_BOUNDS.minLon}–${HEBI_BOUNDS.maxLon}）/ longitude outside Hebi`,
  );
const lat = z
  .number()
  .finite()
  .min(
    HEBI_BOUNDS.minLat,
    `纬度应在鹤壁范围内（${HEBI_BOUNDS.minLat}–${HEBI_BOUNDS.maxLat}）/ latitude outside Hebi`,
  )
  .max(
    HEBI_BOUNDS.maxLat,
    `纬度应在鹤壁范围内（${HEBI_BOUNDS.minLat}–${HEBI_BOUNDS.maxLat}）/ latitude outside Hebi`,
  );

export const siteKind = z.enum(['air_station', 'outlet']);
export const siteTier = z.enum(['national', 'provincial', 'city', 'township']);

const siteFields = {
  name: z.string().trim().min(1, '请填写名称 / name required').max(100),
  nameEn: z.string().trim().max(100).nullable(),
  kind: siteKind,
  tier: siteTier.nullable(),
  townshipId: z.string().max(32).nullable(),
  lon: lon.nullable(),
  lat: lat.nullable(),
  inDistrictValue: z.boolean(),
};

const bothOrNeither = (b: { lon?: number | null; lat?: number | null }) =>
  (b.lon === undefined) === (b.lat === undefined) && (b.lon === null) === (b.lat === null);
const COORD_PAIR = '经纬度需同时填写或同时留空 / give both longitude and latitude, or neither';

export const siteCreateBody = z
  .object({
    code: z
      .string()
      .regex(
        /^[0-9A-Za-z_-]{1,32}$/,
        '站点代码为 1–32 个字母、数字、_ 或 - / code: 1–32 letters, digits, _ or -',
      ),
    ...siteFields,
    nameEn: siteFields.nameEn.default(null),
    tier: siteFields.tier.default(null),
    townshipId: siteFields.townshipId.default(null),
    lon: siteFields.lon.default(null),
    lat: siteFields.lat.default(null),
    inDistrictValue: siteFields.inDistrictValue.default(true),
  })
  .refine(bothOrNeither, COORD_PAIR);
export type SiteCreateBody = z.input<typeof siteCreateBody>;

export const siteUpdateBody = z
  .object(siteFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, '没有要修改的内容 / nothing to change')
  .refine(bothOrNeither, COORD_PAIR);
export type SiteUpdateBody = z.input<typeof siteUpdateBody>;

export const siteCodeParam = z.object({ code: z.string().min(1).max(64) });

export const siteAdminBody = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: siteKind,
  tier: z.string().nullable(),
  townshipId: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  isSample: z.boolean(),
  inDistrictValue: z.boolean(),
  createdAt: z.number(),
});
export type SiteAdminBody = z.infer<typeof siteAdminBody>;

// ---- Sand-dust and exceptional days (沙尘天气 / 异常日) ----

export const dustDayKind = z.enum(['sand_dust', 'exceptional']);
export type DustDayKindCode = z.infer<typeof dustDayKind>;

export const dustDayBody = z.object({
  date: z.string(),
  kind: dustDayKind,
  noticeRef: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type DustDayBody = z.infer<typeof dustDayBody>;

export const dustDaysQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
export const dustDaysBody = z.object({ days: z.array(dustDayBody) });
export type DustDaysBody = z.infer<typeof dustDaysBody>;

export const dustDayCreateBody = z.object({
  date: isoDate,
  kind: dustDayKind.default('sand_dust'),
  /** The notice's 文号 (e.g. 豫环办〔2026〕12号): required, it is what makes the deduction defensible. */
  noticeRef: z.string().trim().min(1, '请填写通知文号 / notice reference (文号) required').max(100),
  note: z.string().trim().max(500).nullable().optional(),
});
export type DustDayCreateBody = z.input<typeof dustDayCreateBody>;

export const dustDateParam = z.object({ date: isoDate });
/** DELETE /api/dust-days/{date}. */
export const dustDayRemovedBody = z.object({ date: z.string(), removed: z.literal(true) });
export type DustDayRemovedBody = z.infer<typeof dustDayRemovedBody>;

// ---- External figures (外部数据) ----

/**
 * - r-t4-threshold: the composite index of the city at the R-T4 rank threshold among the 168 key cities
 *   (10th-worst for 2024, 15th-worst for 2025; src/rules/air/targets.ts) — the card compares against it.
 * - city-rank-168: the city's own rank among the 168 as published (1 = best).
 */
export const EXTERNAL_FIGURE_KEYS = ['r-t4-threshold', 'city-rank-168'] as const;
export const externalFigureKey = z.enum(EXTERNAL_FIGURE_KEYS);
export type ExternalFigureKey = z.infer<typeof externalFigureKey>;

export const figureParams = z.object({
  key: externalFigureKey,
  year: z.coerce
    .number()
    .int()
    .min(2000, '年份 2000–2100 / year 2000–2100')
    .max(2100, '年份 2000–2100 / year 2000–2100'),
});

export const figurePutBody = z.object({
  value: z.number().finite().positive('数值须为正数 / value must be positive').max(1000),
  source: z.string().trim().min(1, '请填写来源（文号或报告）/ source required (notice or report)').max(300),
  note: z.string().trim().max(500).nullable().optional(),
});
export type FigurePutBody = z.input<typeof figurePutBody>;

export const figureBody = z.object({
  key: externalFigureKey,
  year: z.number().int(),
  value: z.number(),
  source: z.string(),
  note: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.number(),
});
export type FigureBody = z.infer<typeof figureBody>;
export const figuresBody = z.object({ figures: z.array(figureBody) });
export type FiguresBody = z.infer<typeof figuresBody>;
/** DELETE /api/figures/{key}/{year}. */
export const figureRemovedBody = z.object({ removed: z.literal(true) });
export type FigureRemovedBody = z.infer<typeof figureRemovedBody>;
