import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { setUserSitesBody, userIdParam, userSitesBody } from '#contract/auth.ts';
import { setUserSites, userSiteCodes } from '#services/auth/user-sites.service.ts';
import { UserError } from '#services/errors.ts';
import { findUserById } from '#store/users.repository.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { errorAnswer } from './openapi-responses.ts';

const err = errorAnswer;

/** An enterprise user's outlets and an inspector's assigned sites (users:admin; see route-access.ts). */
export function registerUserSiteRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users/{id}/sites',
      summary: "A user's own sites (enterprise outlets, an inspector's assigned sites), by code",
      request: { params: userIdParam },
      responses: {
        200: { content: { 'application/json': { schema: userSitesBody } }, description: 'site codes' },
        401: err('未登录 / not signed in'),
        403: err('无权限 / not permitted'),
        404: err('没有此用户 / no such user'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await findUserById(db, id)))
        throw new UserError('unknown_user', `没有此用户 / no such user: ${id}`, 404);
      return c.json({ userId: id, sites: await userSiteCodes(db, id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/users/{id}/sites',
      summary: "Replace a user's own sites (audited)",
      request: {
        params: userIdParam,
        body: {
          content: { 'application/json': { schema: setUserSitesBody } },
          required: true,
        },
      },
      responses: {
        200: {
          content: { 'application/json': { schema: userSitesBody } },
          description: 'the new site codes',
        },
        400: err('请求有误 / bad request'),
        401: err('未登录 / not signed in'),
        403: err('无权限 / not permitted'),
        404: err('没有此用户 / no such user'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const sites = await setUserSites(db, id, c.req.valid('json').sites, actorOf(c), deps.now());
      return c.json({ userId: id, sites }, 200);
    },
  );
}
