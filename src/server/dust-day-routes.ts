import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  dustDateParam,
  dustDayBody,
  dustDayCreateBody,
  dustDayRemovedBody,
  dustDaysBody,
  dustDaysQuery,
} from '#contract/admin-data.ts';
import { dustDays, markDustDay, toDustDayBody, unmarkDustDay } from '#services/dust-days.service.ts';
import { adminWriteAnswers as answers } from './admin-answers.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { errorResponses } from './openapi-responses.ts';

/**
 * Sand-dust and exceptional days (沙尘天气 / 异常日) with their notice (文号): read with the air figures they change
 * (air:read), marked and unmarked by the district office (dust-days:write), audited.
 */
export function registerDustDayRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/dust-days',
      summary:
        'Days the headline figures deduct (day ratios, PM concentrations, composite index; the actual figures keep them), with their notice',
      request: { query: dustDaysQuery },
      responses: {
        200: { content: { 'application/json': { schema: dustDaysBody } }, description: 'days, ascending' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await dustDays(deps.db, {
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      });
      return c.json({ days: rows.map(toDustDayBody) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/dust-days',
      summary: 'Mark a day as sand-dust (沙尘天气) or exceptional (异常日) with its notice reference (文号)',
      request: { body: { content: { 'application/json': { schema: dustDayCreateBody } }, required: true } },
      responses: {
        200: { content: { 'application/json': { schema: dustDayBody } }, description: 'the mark' },
        ...answers,
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      await markDustDay(
        deps.db,
        b.date,
        b.note ?? null,
        { ...actorOf(c), now: deps.now() },
        {
          kind: b.kind,
          noticeRef: b.noticeRef,
        },
      );
      const [row] = await dustDays(deps.db, { from: b.date, to: b.date });
      return c.json(toDustDayBody(row as NonNullable<typeof row>), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/dust-days/{date}',
      summary: 'Remove the mark of a day',
      request: { params: dustDateParam },
      responses: {
        200: {
          content: { 'application/json': { schema: dustDayRemovedBody } },
          description: 'removed',
        },
        ...answers,
      },
    }),
    async (c) => {
      const { date } = c.req.valid('param');
      await unmarkDustDay(deps.db, date, { ...actorOf(c), now: deps.now() });
      return c.json({ date, removed: true as const }, 200);
    },
  );
}
