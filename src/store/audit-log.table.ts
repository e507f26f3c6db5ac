import type { Generated, Insertable, Selectable } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  /** Epoch ms. */
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  /** JSON text. */
  detail: string | null;
}

export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;
