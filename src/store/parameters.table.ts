import type { Selectable } from 'kysely';

/** Measured parameters (监测因子) with their explicit unit. */
export interface ParametersTable {
  /** e.g. 'PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'. */
  code: string;
  name_zh: string;
  /** e.g. 'µg/m³'; CO is 'mg/m³'. */
  unit: string;
}

export type ParameterRow = Selectable<ParametersTable>;
