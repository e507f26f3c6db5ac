import type { SiteInput } from '../store/sites.repository.ts';

/**
 * One parsed data row: a site, the start of the hour, and values for some parameters.
 * `values[k]` belongs to `parameters[k]`; undefined = not stored (missing), null = stored without a value.
 */
export interface ParsedRow {
  site: string;
  time: number;
  parameters: readonly string[];
  values: (number | null | undefined)[];
  flags?: (string | null)[];
}

export interface RowError {
  error: string;
}

export type RowParser = (cells: string[]) => ParsedRow | RowError;

/** An import format: reads the header and gives the parser for the data rows. */
export interface AirFormat {
  name: string;
  /** measurements.source of what it imports, e.g. 'import:prsa'. */
  source: string;
  /** Defaults for a site the file names but the database does not have yet. */
  newSite: Omit<SiteInput, 'code' | 'name'>;
  header(cells: string[], knownParameters: ReadonlySet<string>): RowParser | RowError;
}

export function isRowError(x: unknown): x is RowError {
  return typeof x === 'object' && x !== null && 'error' in x;
}
