import type { Generated, Selectable } from 'kysely';

export type DustDayKind = 'sand_dust' | 'exceptional';

/** Days marked as affected by sand and dust (沙尘天气), excluded from some assessments. */
export interface DustDaysTable {
  /** Local date 'YYYY-MM-DD' (Asia/Shanghai). */
  date: string;
  note: string | null;
  /** 'sand_dust' 沙尘天气 or 'exceptional' 异常日 (HJ 663-2026 例外事件); both are deducted alike [M]. */
  kind: Generated<DustDayKind>;
  /** The notice's reference (文号) that declares the day, e.g. a CNEMC or provincial notice. */
  notice_ref: string | null;
  created_by: string;
  /** Epoch ms. */
  created_at: number;
}

export type DustDayRow = Selectable<DustDaysTable>;
