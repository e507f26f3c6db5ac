import { Hono } from 'hono';
import type { ErrorBody } from '#contract/common.ts';
import { type HealthDeps, healthHandler } from './health-route.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * The HTTP side of a `receiver` or `worker` node (issue 14): /api/health for the load balancer and the
 * operator, 404 for everything else — the API and the web are served by `api` (or `all`) nodes only.
 */
export function createHealthOnlyApp(deps: HealthDeps): Hono {
  const app = new Hono();
  app.use('*', securityHeaders(undefined));
  app.get('/api/health', healthHandler(deps));
  app.notFound((c) => {
    const role = deps.node?.role ?? 'all';
    const body: ErrorBody = {
      error: {
        code: 'not_found',
        message: `此节点（${role}）只提供 /api/health / this ${role} node serves only /api/health: ${c.req.path}`,
      },
    };
    return c.json(body, 404);
  });
  return app;
}
