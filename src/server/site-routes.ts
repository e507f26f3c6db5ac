import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { placesBody, sitesBody } from '#contract/air-responses.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { listOrganisations } from '#store/organisations.repository.ts';
import { listSites } from '#store/sites.repository.ts';
import type { AppDeps } from './app.ts';
import { principalOf } from './route-access.ts';

export function registerSiteRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/sites',
      summary: 'Monitoring sites (sample sites carry isSample: true)',
      request: { query: z.object({ kind: z.enum(['air_station', 'outlet']).optional() }) },
      responses: {
        200: {
          content: { 'application/json': { schema: sitesBody } },
          description: 'sites',
        },
      },
    }),
    async (c) => {
      const { kind } = c.req.valid('query');
      const j = Jurisdiction.of(principalOf(c), 'sites:read');
      return c.json({ sites: await listSites(deps.db.db, j, kind ? { kind } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/places',
      summary: 'The district, its townships and streets (GB/T 2260 codes), departments',
      responses: {
        200: {
          content: { 'application/json': { schema: placesBody } },
          description: 'places',
        },
      },
    }),
    async (c) => c.json({ places: await listOrganisations(deps.db.db) }, 200),
  );
}
