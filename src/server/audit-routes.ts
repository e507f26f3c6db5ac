import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { auditPageBody, auditQuery, auditVerifyBody } from '#contract/audit.ts';
import { queryAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import type { AuditLogRow } from '#store/audit-log.table.ts';
import type { AppDeps } from './app.ts';
import { jsonResponses } from './openapi-responses.ts';

const parsed = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const entryOf = (r: AuditLogRow) => ({
  id: Number(r.id),
  at: Number(r.at),
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  origin: r.origin,
  before: parsed(r.before),
  after: parsed(r.after),
  detail: parsed(r.detail),
  hash: r.hash,
});

/** The audit trail for those who hold audit:read (route-access.ts): paged, filtered, and its chain verified. */
export function registerAuditRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit',
      summary: 'Audit entries, newest first, filtered by actor/entity/action/time, paged',
      request: { query: auditQuery },
      responses: jsonResponses(auditPageBody, 'one page of audit entries'),
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { total, rows } = await queryAudit(db, {
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.entity !== undefined ? { entity: q.entity } : {}),
        ...(q.entityId !== undefined ? { entityId: q.entityId } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return c.json({ total, page: q.page, pageSize: q.pageSize, entries: rows.map(entryOf) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit/verify',
      summary: 'Re-computes the audit hash chain; names the first altered or removed entry',
      responses: jsonResponses(auditVerifyBody, 'the verdict'),
    }),
    async (c) => {
      const v = await verifyAuditChain(db);
      return c.json(
        {
          audit: v.ok
            ? { ok: true, count: v.count }
            : { ok: false, count: v.count, firstBroken: v.firstBroken },
        },
        200,
      );
    },
  );
}
