/**
 * The audit_log fields a chain hash covers, shared by the migration that chained existing rows and by every later
 * append and verification, so all three hash exactly the same content.
 */
export interface AuditHashedFields {
  at: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string | null;
  origin: string | null;
  before: string | null;
  after: string | null;
}

export function auditContent(row: AuditHashedFields): Record<string, unknown> {
  const { at, actor, action, entity, entity_id, detail, origin, before, after } = row;
  return { at: Number(at), actor, action, entity, entity_id, detail, origin, before, after };
}
