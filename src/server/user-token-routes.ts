import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { revokedTokensBody, tokenListBody, userIdParam } from '#contract/auth.ts';
import { listTokensOfUserAsAdmin, revokeAllTokensOfUser } from '#services/auth/user-tokens.service.ts';
import type { AppDeps } from './app.ts';
import { actorOf } from './auth-middleware.ts';
import { errorAnswer } from './openapi-responses.ts';

const err = errorAnswer;
const answers = {
  401: err('未登录 / not signed in'),
  403: err('无权限或 CSRF 校验失败 / not permitted, or CSRF check failed'),
  404: err('没有此用户 / no such user'),
};

/**
 * Any user's API tokens for the district office (users:admin): see what a user has made, and revoke all of it
 * at once (e.g. a suspected leak). One token is revoked with DELETE /api/tokens/{id}.
 */
export function registerUserTokenRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users/{id}/tokens',
      summary: "A user's API tokens, newest first (revoked and expired ones marked), never their secrets",
      request: { params: userIdParam },
      responses: {
        200: { content: { 'application/json': { schema: tokenListBody } }, description: 'tokens' },
        ...answers,
      },
    }),
    async (c) => c.json({ tokens: await listTokensOfUserAsAdmin(db, c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/users/{id}/tokens',
      summary:
        "Revoke all of a user's live API tokens at once (audited; needs X-CSRF-Token from a web session)",
      request: { params: userIdParam },
      responses: {
        200: { content: { 'application/json': { schema: revokedTokensBody } }, description: 'revoked' },
        ...answers,
      },
    }),
    async (c) => {
      const revoked = await revokeAllTokensOfUser(db, c.req.valid('param').id, actorOf(c), deps.now());
      return c.json({ revoked }, 200);
    },
  );
}
