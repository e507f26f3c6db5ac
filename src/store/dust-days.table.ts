import type { Selectable } from 'kysely';

/** Days marked as affected by sand and dust (沙尘天气), excluded from some assessments. */
export interface DustDaysTable {
  /** Local date 'YYYY-MM-DD' (Asia/Shanghai). */
  date: string;
  note: string | null;
  created_by: string;
  /** Epoch ms. */
  created_at: number;
}

export type DustDayRow = Selectable<DustDaysTable>;
