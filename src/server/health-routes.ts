import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { healthBody, openApiDocumentBody } from '#contract/platform.ts';
import type { AppDeps } from './app.ts';

/** GET /api/health: 200 once start-up is done (migrations, demo seeding), 503 until then; for load balancers. */
export function registerHealthRoutes(app: OpenAPIHono, deps: Pick<AppDeps, 'db' | 'isReady'>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/health',
      summary: 'Whether this node is ready, and its database engine',
      responses: {
        200: { content: { 'application/json': { schema: healthBody } }, description: 'ready' },
        503: { content: { 'application/json': { schema: healthBody } }, description: 'still starting' },
      },
    }),
    (c) =>
      deps.isReady()
        ? c.json({ status: 'ok' as const, engine: deps.db.engine }, 200)
        : c.json({ status: 'starting' as const, engine: deps.db.engine }, 503),
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
