import { z } from 'zod';
import { epochMs } from './common.ts';

/** HJ 212 device registry, health, quarantine and events: the one contract of the API and the CLI. */

export const crcPolicy = z.enum(['strict', 'standard', 'modbus', 'none']);

/**
 * A logger's role at its site (issue 12, rules/monitoring/logger-precedence.ts): the main's values feed the site;
 * a backup's fill only what the main did not deliver, and the site stays online through it while the main is off.
 */
export const deviceRole = z.enum(['main', 'backup'], {
  message: '角色应为 main（主）或 backup（备用）/ role: main or backup',
});
export type DeviceRole = z.infer<typeof deviceRole>;

/** A registered data logger (数采仪). Never carries its password or SM4 key. */
export const deviceBody = z.object({
  mn: z.string(),
  siteId: z.number().int(),
  siteCode: z.string().nullable(),
  name: z.string().nullable(),
  crcPolicy,
  expectedIntervalS: z.number().int(),
  offlineAfterMissed: z.number().int(),
  enabled: z.boolean(),
  /** Main or backup logger of its site (added in issue 12; a client that does not know it may ignore it). */
  role: deviceRole,
  /** True when an SM4 key is configured (HJ 212-2025 encrypted CP); the key itself is never returned. */
  encrypted: z.boolean(),
  /**
   * HJ 212-2025 §6.4.4: unencrypted data packets (CN 2000–2999) from this logger are quarantined (added in issue 13;
   * a client that does not know it may ignore it).
   */
  encryptionRequired: z.boolean(),
  factors: z.array(z.object({ factor: z.string(), parameter: z.string(), scale: z.number() })),
});
export type DeviceBody = z.infer<typeof deviceBody>;

export const deviceStatusBody = z.object({
  mn: z.string(),
  state: z.enum(['unknown', 'online', 'offline']),
  /** Epoch ms. */
  stateSince: z.number().nullable(),
  lastSeenAt: z.number().nullable(),
  lastPeer: z.string().nullable(),
  /** DataTime of the newest data packet, epoch ms. */
  lastDataTime: z.number().nullable(),
  /** Receive time − DataTime of the newest real-time packet (ms); > 0 = the logger clock is behind. */
  clockDriftMs: z.number().nullable(),
  expectedIntervalS: z.number().int().nullable(),
});
export type DeviceStatusBody = z.infer<typeof deviceStatusBody>;

const limit = z.coerce.number().int().min(1).max(1000).default(100);

export const quarantineQuery = z.object({
  mn: z.string().min(1).optional(),
  limit,
  offset: z.coerce.number().int().min(0).default(0),
});

export const quarantineItem = z.object({
  id: z.number().int(),
  mn: z.string().nullable(),
  cn: z.string().nullable(),
  qn: z.string().nullable(),
  peer: z.string(),
  /** Epoch ms. */
  receivedAt: z.number(),
  reason: z.string().nullable(),
  /** The packet exactly as received, as text (UTF-8; CR LF kept). */
  packet: z.string(),
});
export type QuarantineItem = z.infer<typeof quarantineItem>;

export const eventsQuery = z.object({ kind: z.string().min(1).optional(), limit });

export const eventBody = z.object({
  id: z.number().int(),
  at: z.number(),
  kind: z.string(),
  subject: z.string(),
  detail: z.unknown(),
});

export const deviceDataQuery = z.object({
  period: z.enum(['raw', 'minute', 'hour', 'day']).default('hour'),
  /** Epoch ms, inclusive / exclusive. */
  from: epochMs.optional(),
  to: epochMs.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const deviceValue = z.object({
  parameter: z.string(),
  period: z.string(),
  /** Epoch ms of the start of the period. */
  time: z.number(),
  value: z.number().nullable(),
  flag: z.string().nullable(),
  receivedAt: z.number(),
});

/** `a34004=PM2.5` or `a34004=PM2.5*0.001` (value × scale into the parameter's unit). */
export const factorMapping = z
  .string()
  .regex(
    /^[^=\s]+=[^=*\s]+(\*[0-9.eE+-]+)?$/,
    '因子映射格式应为 CODE=PARAMETER[*SCALE] / use CODE=PARAMETER[*SCALE]',
  )
  .transform((s) => {
    const [factor, rest] = s.split('=') as [string, string];
    const [parameter, scale] = rest.split('*') as [string, string | undefined];
    return { factor, parameter, scale: scale === undefined ? 1 : Number(scale) };
  })
  .refine((f) => Number.isFinite(f.scale) && f.scale !== 0, '比例无效 / invalid scale');

/** A device's recent refused packets (issue 11): the device page shows why its data did not arrive. */
export const refusedQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const refusedPacket = z.object({
  id: z.number().int(),
  /** Epoch ms. */
  receivedAt: z.number(),
  cn: z.string().nullable(),
  qn: z.string().nullable(),
  /** 'implausible': well-formed, impossible time or values (answered); 'rejected': malformed (not answered). */
  verdict: z.enum(['rejected', 'implausible']),
  /**
   * What kind of refusal, for a label: time-ahead, time-too-old, time-invalid, value-not-finite,
   * value-out-of-range (plausibility), or the codec's reason code (crc-mismatch, …); empty when unknown.
   */
  codes: z.array(z.string()),
  /** The reason as kept: for 'implausible' `implausible <codes>: <中文> / <English>`. */
  reason: z.string().nullable(),
  /** The packet exactly as received, as text, PW masked. */
  packet: z.string(),
});
export type RefusedPacket = z.infer<typeof refusedPacket>;

/** GET /api/devices. */
export const devicesBody = z.object({ devices: z.array(deviceBody) });
export type DevicesBody = z.infer<typeof devicesBody>;
/** GET /api/devices/status. */
export const deviceStatusListBody = z.object({ devices: z.array(deviceStatusBody) });
export type DeviceStatusListBody = z.infer<typeof deviceStatusListBody>;
/** GET /api/devices/{mn}/data. */
export const deviceDataBody = z.object({ mn: z.string(), values: z.array(deviceValue) });
export type DeviceDataBody = z.infer<typeof deviceDataBody>;
export type DeviceValue = z.infer<typeof deviceValue>;
/** The query of /api/devices/{mn}/data as a client fills it: times epoch ms (`to` exclusive), each part optional. */
export type DeviceDataQuery = Partial<z.infer<typeof deviceDataQuery>>;
/** GET /api/devices/{mn}/refused. */
export const refusedPacketsBody = z.object({ mn: z.string(), packets: z.array(refusedPacket) });
export type RefusedPacketsBody = z.infer<typeof refusedPacketsBody>;
/** GET /api/hj212/quarantine. */
export const quarantineBody = z.object({ packets: z.array(quarantineItem) });
export type QuarantineBody = z.infer<typeof quarantineBody>;
/** GET /api/events. */
export const eventsBody = z.object({ events: z.array(eventBody) });
export type EventsBody = z.infer<typeof eventsBody>;
export type EventBody = z.infer<typeof eventBody>;
