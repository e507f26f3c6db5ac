import type { Generated, Selectable } from 'kysely';

/**
 * The event outbox (migration 0015): one row per domain event, written in the transaction of the change that
 * caused it. `tx` is filled in by the database (PostgreSQL: the writer's transaction id; SQLite: 0).
 */
export interface OutboxTable {
  id: Generated<number>;
  tx: Generated<number>;
  at: number;
  topic: string;
  subject: string | null;
  /** JSON text, validated against the topic's schema (src/contract/outbox-events.ts) when written. */
  payload: string;
  /** The node that wrote it (issue 14: --node-id), null when unknown. */
  node: string | null;
}

/** A consumer's position, held by one node at a time (lease: owner + lease_until). */
export interface OutboxCursorsTable {
  name: string;
  tx: number;
  id: number;
  owner: string | null;
  lease_until: number | null;
  updated_at: number;
}

export type OutboxRow = Selectable<OutboxTable>;
export type OutboxCursorRow = Selectable<OutboxCursorsTable>;
