import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { jobActionAnswer, jobIdParams, jobsAnswer, jobsQuery } from '#contract/jobs.ts';
import { actOnJob, jobsOverview } from '#services/jobs-admin.service.ts';
import { adminWriteAnswers as answers } from './admin-answers.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { errorResponses } from './openapi-responses.ts';

/** The durable jobs of every node (issue 14), for the district office: list, retry, cancel (jobs:admin). */
export function registerJobRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/jobs',
      summary:
        'Durable jobs (most recently due first, paged, by state and kind), counts per state, schedules',
      request: { query: jobsQuery },
      responses: {
        200: { content: { 'application/json': { schema: jobsAnswer } }, description: 'jobs and schedules' },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await jobsOverview(db, c.req.valid('query')), 200),
  );

  for (const action of ['retry', 'cancel'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/jobs/{id}/${action}`,
        summary:
          action === 'retry'
            ? 'Run a dead or cancelled job again now (audited)'
            : 'Cancel a scheduled or running job (audited)',
        request: { params: jobIdParams },
        responses: {
          200: { content: { 'application/json': { schema: jobActionAnswer } }, description: 'the job' },
          ...answers,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json({ job: await actOnJob(db, id, action, actorOf(c), deps.now()) }, 200);
      },
    );
  }
}
