import type { Insertable, Selectable } from 'kysely';
import type { MeasurementPeriod } from './measurements.table.ts';

/**
 * One logger's own value of one parameter for one period (migration 0012), as it sent it: the site's value in
 * `measurements` may come from another logger of the site (rules/monitoring/logger-precedence.ts).
 */
export interface DeviceMeasurementsTable {
  mn: string;
  parameter: string;
  /** 'minute' | 'hour' | 'day' (real-time readings are in device_realtime_values). */
  period: MeasurementPeriod;
  /** Epoch ms of the START of the period. */
  time: number;
  value: number | null;
  flag: string | null;
  received_at: number;
}

/** One logger's real-time (2011) readings at one DataTime, clustered by time like realtime_values. */
export interface DeviceRealtimeValuesTable {
  time: number;
  mn: string;
  /** JSON object: parameter code → [value or null, HJ 212 flag or null]. */
  readings: string;
  received_at: number;
}

export type DeviceMeasurementRow = Selectable<DeviceMeasurementsTable>;
export type NewDeviceMeasurement = Insertable<DeviceMeasurementsTable>;
export type NewDeviceRealtimeValues = Insertable<DeviceRealtimeValuesTable>;
