import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { healthResponse } from '#contract/health.ts';
import { openApiDocumentBody } from '#contract/platform.ts';
import { type HealthDeps, healthHandler } from './health-route.ts';

/** GET /api/health: 200 once start-up is done (migrations, demo seeding), 503 until then; for load balancers. */
export function registerHealthRoutes(app: OpenAPIHono, deps: HealthDeps): void {
  const handler = healthHandler(deps);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/health',
      summary: 'Whether this node is ready: its engine, node id, role and how far its outbox consumers lag',
      responses: {
        200: { content: { 'application/json': { schema: healthResponse } }, description: 'ready' },
        503: { content: { 'application/json': { schema: healthResponse } }, description: 'still starting' },
      },
    }),
    // The same handler as the health-only app of receiver and worker nodes (health-app.ts).
    (c) => handler(c) as never,
  );
}

/** Documents GET /api/openapi.json itself (app.doc serves it as a plain route), so that it too has a schema. */
export function documentOpenApiRoute(app: OpenAPIHono): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document (OpenAPI 3.0)',
    responses: {
      200: { content: { 'application/json': { schema: openApiDocumentBody } }, description: 'the document' },
    },
  });
}
