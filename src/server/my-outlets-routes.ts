import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { myOutlet, myOutletsBody } from '#contract/my-outlets.ts';
import { myOutlets } from '#services/my-outlets.service.ts';
import type { AppDeps } from './app.ts';
import { errorAnswer } from './openapi-responses.ts';
import { principalOf } from './route-access.ts';

/**
 * 我的排口 (issue 12): the outlets assigned to the caller with their loggers' state and newest values. Signed-in
 * only; the scope is the caller's own user_sites, applied here, so another user's outlet answers 404 exactly like
 * an outlet that does not exist.
 */
export function registerMyOutletRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/my/outlets',
      summary: 'The outlets assigned to the signed-in user, with their loggers’ state and newest values',
      responses: {
        200: { content: { 'application/json': { schema: myOutletsBody } }, description: 'my outlets' },
        401: errorAnswer('未登录 / not signed in'),
      },
    }),
    async (c) => c.json({ outlets: await myOutlets(db, principalOf(c), deps.now()) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/my/outlets/{code}',
      summary: 'One outlet assigned to the signed-in user (404 for any other outlet)',
      request: { params: z.object({ code: z.string().min(1).max(64) }) },
      responses: {
        200: { content: { 'application/json': { schema: myOutlet } }, description: 'the outlet' },
        401: errorAnswer('未登录 / not signed in'),
        404: errorAnswer('没有分配给您的此排口 / no such outlet assigned to you'),
      },
    }),
    async (c) => {
      const [outlet] = await myOutlets(db, principalOf(c), deps.now(), c.req.valid('param').code);
      return c.json(outlet as z.infer<typeof myOutlet>, 200);
    },
  );
}
