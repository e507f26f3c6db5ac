import type { Generated, Insertable, Selectable } from 'kysely';
import type { LoggerRole } from '#rules/monitoring/logger-precedence.ts';

/** CRC tolerance per device (HJ 212-2017 附录A is 'standard'); anything tolerated is logged as a deviation. */
export type CrcPolicy = 'strict' | 'standard' | 'modbus' | 'none';

/** One data logger (数采仪), identified by its MN, sending for one site. */
export interface DevicesTable {
  mn: string;
  site_id: number;
  name: string | null;
  /** HJ 212 PW; a secret, never logged. */
  password: string;
  crc_policy: CrcPolicy;
  /** Seconds between the data packets the device is expected to send. */
  expected_interval_s: number;
  /** Offline after this many missed intervals. */
  offline_after_missed: number;
  /** HJ 212-2025 SM4 key (hex) for encrypted CP; a secret. */
  sm4_key: string | null;
  enabled: number;
  /** HJ 212-2025 §6.4.4: 1 = unencrypted 2000–2999 data packets are quarantined (migration 0014). */
  encryption_required: Generated<number>;
  /** 'main' | 'backup' (migration 0012): which of a site's loggers feeds its values, rules/monitoring. */
  role: Generated<LoggerRole>;
  created_at: number;
  updated_at: number;
}

/** How a device's factor code becomes a stored parameter: value × scale in the parameter's unit. */
export interface DeviceFactorsTable {
  mn: string;
  factor: string;
  parameter: string;
  scale: number;
}

export type DeviceRow = Selectable<DevicesTable>;
export type NewDeviceRow = Insertable<DevicesTable>;
export type DeviceFactorRow = Selectable<DeviceFactorsTable>;
