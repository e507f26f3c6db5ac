import type { Insertable, Selectable } from 'kysely';

export type MeasurementPeriod = 'raw' | 'minute' | 'hour' | 'day';

/** HJ 212 data flags: N normal, F stopped, M maintenance, S manual, D fault, C calibration, T over range, B comms. */
export const DATA_FLAGS = ['N', 'F', 'M', 'S', 'D', 'C', 'T', 'B'] as const;
export type DataFlag = (typeof DATA_FLAGS)[number];

/**
 * One value of one parameter at one site for one period.
 * Primary key (site_id, parameter, period, time): it also serves "these sites, these parameters, hourly,
 * between t1 and t2" as a range scan. On SQLite the table is WITHOUT ROWID, so rows are stored in key order.
 */
export interface MeasurementsTable {
  site_id: number;
  parameter: string;
  period: MeasurementPeriod;
  /** Epoch ms of the START of the period. */
  time: number;
  /** In the parameter's unit (parameters.unit); null = reported without a value. */
  value: number | null;
  flag: string | null;
  /** Where it came from: 'import:prsa', 'import:qingshan', 'demo', 'hj212'. */
  source: string;
  /** Epoch ms when this value (as it stands) was stored; unchanged by a re-import of the same value. */
  received_at: number;
}

export type MeasurementRow = Selectable<MeasurementsTable>;
export type NewMeasurement = Insertable<MeasurementsTable>;
