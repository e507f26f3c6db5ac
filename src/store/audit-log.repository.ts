import type { Kysely } from 'kysely';
import type { AuditLogRow } from './audit-log.table.ts';
import type { Database } from './database.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  /** Serialised as JSON text. */
  detail?: unknown;
}

export async function appendAudit(db: Kysely<Database>, entry: AuditEntry, now = Date.now()): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .execute();
}

/** Newest first. */
export async function listAudit(db: Kysely<Database>, limit = 100): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
