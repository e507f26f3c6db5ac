import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { aqiQuery, dailyQuery, reportQuery, targetsQuery } from '#contract/air.ts';
import { airReportBody, aqiAnswer, dailyTableBody, targetsBody } from '#contract/air-responses.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { aqiFromConcentrations } from '#services/air-aqi.service.ts';
import { airDaily } from '#services/air-daily.service.ts';
import { airReport } from '#services/air-report.service.ts';
import { airTargets } from '#services/air-targets.service.ts';
import type { AppDeps } from './app.ts';
import { jsonResponses } from './openapi-responses.ts';
import { principalOf } from './route-access.ts';

const json = jsonResponses;

export function registerAirRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const air = (c: Parameters<typeof principalOf>[0]) => Jurisdiction.of(principalOf(c), 'air:read');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/air/aqi',
      summary: 'AQI from concentrations (HJ 633, rule set by date)',
      request: { query: aqiQuery },
      responses: json(aqiAnswer, 'AQI, category, primary pollutants and IAQIs'),
    }),
    (c) => c.json(aqiFromConcentrations(c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/air/report',
      summary: 'Period statistics (HJ 663): district value and per site',
      request: { query: reportQuery },
      responses: json(airReportBody, 'period report'),
    }),
    async (c) =>
      c.json(await airReport(deps.db, air(c), c.req.valid('query'), deps.now(), deps.airMethod), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/air/daily',
      summary: 'Daily AQI table, paged',
      request: { query: dailyQuery },
      responses: json(dailyTableBody, 'one page of the daily table'),
    }),
    async (c) => c.json(await airDaily(deps.db, air(c), c.req.valid('query'), deps.airMethod), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/air/targets',
      summary: 'Progress on the plan targets R-T1…R-T4',
      request: {
        query: targetsQuery,
      },
      responses: json(targetsBody, 'target progress with projections'),
    }),
    async (c) =>
      c.json(await airTargets(deps.db, air(c), c.req.valid('query'), deps.now(), deps.airMethod), 200),
  );
}
