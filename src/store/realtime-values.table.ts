import type { Insertable, Selectable } from 'kysely';

/**
 * Real-time (HJ 212 CN 2011) readings, one row per site and DataTime, clustered by time (migration 0007): a
 * commit of a thousand loggers appends instead of touching a page per site and parameter.
 */
export interface RealtimeValuesTable {
  /** Epoch ms of DataTime (the sampling instant). */
  time: number;
  site_id: number;
  /** JSON object: parameter code → [value in the parameter's unit or null, HJ 212 data flag or null]. */
  readings: string;
  source: string;
  /** Epoch ms when the readings (as they stand) were stored. */
  received_at: number;
}

export type RealtimeValuesRow = Selectable<RealtimeValuesTable>;
export type NewRealtimeValues = Insertable<RealtimeValuesTable>;

/** The decoded `readings` column. */
export type Readings = Record<string, readonly [number | null, string | null]>;
