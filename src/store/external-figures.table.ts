import type { Generated, Selectable } from 'kysely';

/**
 * Figures from outside the platform that targets need (issue 12), one per key and year, with where they come
 * from: e.g. the R-T4 threshold (the composite index of the city at the rank threshold among the 168 key cities).
 */
export interface ExternalFiguresTable {
  id: Generated<number>;
  /** What the figure is; see EXTERNAL_FIGURE_KEYS in src/contract/admin-data.ts. */
  key: string;
  year: number;
  value: number;
  /** The published source (notice 文号, report title or address). */
  source: string;
  note: string | null;
  updated_by: string;
  /** Epoch ms. */
  updated_at: number;
}

export type ExternalFigureRow = Selectable<ExternalFiguresTable>;
