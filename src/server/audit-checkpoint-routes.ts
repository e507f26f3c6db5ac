import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { checkpointsWrittenBody } from '#contract/audit-checkpoint.ts';
import type { ErrorBody } from '#contract/common.ts';
import { writeCheckpoints } from '#services/checkpoints/checkpoint.service.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { deniedAnswers, errorAnswer } from './openapi-responses.ts';

const unavailable = (message: string): ErrorBody => ({ error: { code: 'checkpoint_unavailable', message } });

/**
 * On-demand checkpoints of the hash chains for the district office (audit:checkpoint, route-access.ts): each
 * chain's head signed with this node's key and appended to its checkpoint file (issue 11). Audited.
 */
export function registerAuditCheckpointRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/audit/checkpoints',
      summary: 'Sign the head of each hash chain now and append it to the checkpoint file (audited)',
      responses: {
        201: {
          content: { 'application/json': { schema: checkpointsWrittenBody } },
          description: 'the checkpoints written',
        },
        ...deniedAnswers,
        503: errorAnswer('检查点不可用 / checkpoints unavailable on this node'),
      },
    }),
    async (c) => {
      const settings = deps.checkpoints;
      if (!settings) {
        return c.json(unavailable('本节点未配置检查点 / checkpoints are not configured on this node'), 503);
      }
      try {
        const written = await writeCheckpoints(
          { db: deps.db.db, settings, now: deps.now, log: deps.log },
          actorOf(c),
        );
        return c.json({ keyId: written.keyId, checkpoints: written.checkpoints }, 201);
      } catch (err) {
        // A key or file problem is the operator's to fix: said in the log (paths, never the key), not to the caller.
        deps.log.error(`checkpoint not written: ${(err as Error).message}`);
        return c.json(
          unavailable('检查点写入失败，详见服务器日志 / checkpoint not written: see the server log'),
          503,
        );
      }
    },
  );
}
