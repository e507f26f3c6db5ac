import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Append-only record of every change: who, when, what, before → after, from where. Rows are hash-chained
 * (prev_hash → hash over the fields in audit-content.ts); `qingshan audit verify` names the first broken row.
 */
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
  /** Where the change came from: 'cli', 'http 127.0.0.1', … */
  origin: string | null;
  /** JSON text of the entity before and after the change (null where there was none). */
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** Each hash chain's newest hash, locked by the transaction that appends to it. */
export interface ChainHeadsTable {
  name: string;
  last_id: number | null;
  last_hash: string;
}

export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;
