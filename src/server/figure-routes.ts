import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  figureBody,
  figureParams,
  figurePutBody,
  figureRemovedBody,
  figuresBody,
} from '#contract/admin-data.ts';
import {
  deleteExternalFigure,
  externalFigures,
  setExternalFigure,
} from '#services/external-figures.service.ts';
import { adminWriteAnswers as answers } from './admin-answers.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { errorResponses } from './openapi-responses.ts';

/** External figures the targets need (R-T4 threshold, the city's 168-city rank): read with air:read, set with figures:write. */
export function registerFigureRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/figures',
      summary: 'External figures with their sources, newest year first',
      responses: {
        200: { content: { 'application/json': { schema: figuresBody } }, description: 'figures' },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ figures: await externalFigures(db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/figures/{key}/{year}',
      summary: 'Set an external figure for a year, with its source (r-t4-threshold, city-rank-168)',
      request: {
        params: figureParams,
        body: { content: { 'application/json': { schema: figurePutBody } }, required: true },
      },
      responses: {
        200: { content: { 'application/json': { schema: figureBody } }, description: 'the figure' },
        ...answers,
      },
    }),
    async (c) => {
      const { key, year } = c.req.valid('param');
      return c.json(
        await setExternalFigure(db, key, year, c.req.valid('json'), { ...actorOf(c), now: deps.now() }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/figures/{key}/{year}',
      summary: 'Remove an external figure',
      request: { params: figureParams },
      responses: {
        200: {
          content: { 'application/json': { schema: figureRemovedBody } },
          description: 'removed',
        },
        ...answers,
      },
    }),
    async (c) => {
      const { key, year } = c.req.valid('param');
      await deleteExternalFigure(db, key, year, { ...actorOf(c), now: deps.now() });
      return c.json({ removed: true as const }, 200);
    },
  );
}
