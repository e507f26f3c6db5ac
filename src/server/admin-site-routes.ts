import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { siteAdminBody, siteCodeParam, siteCreateBody, siteUpdateBody } from '#contract/admin-data.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { createSite, updateSite } from '#services/site-admin.service.ts';
import { adminWriteAnswers as answers } from './admin-answers.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { principalOf } from './route-access.ts';

/** The district office's changes to the sites (sites:write); the list is GET /api/sites. */
export function registerAdminSiteRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;
  /** Who and from where, and the sites the caller's sites:write reaches (jurisdiction). */
  const ctx = (c: Parameters<typeof actorOf>[0]) => {
    const principal = principalOf(c);
    return {
      ...actorOf(c),
      now: deps.now(),
      visibleTo: Jurisdiction.of(principal, 'sites:write'),
    };
  };
  const answer = { content: { 'application/json': { schema: siteAdminBody } }, description: 'the site' };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/sites',
      summary: "Create a site (coordinates must lie in Hebi's area; the township from /api/places)",
      request: { body: { content: { 'application/json': { schema: siteCreateBody } }, required: true } },
      responses: { 200: answer, ...answers },
    }),
    async (c) => c.json(await createSite(db, c.req.valid('json'), ctx(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/sites/{code}',
      summary: "Edit a site's name, English name, kind, tier, township, coordinates or in_district_value",
      request: {
        params: siteCodeParam,
        body: { content: { 'application/json': { schema: siteUpdateBody } }, required: true },
      },
      responses: { 200: answer, ...answers },
    }),
    async (c) => c.json(await updateSite(db, c.req.valid('param').code, c.req.valid('json'), ctx(c)), 200),
  );
}
