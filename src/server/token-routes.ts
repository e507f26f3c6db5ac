import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { createdTokenBody, createTokenBody, tokenBody, tokenIdParam } from '#contract/auth.ts';
import { can } from '#rules/access/principal.ts';
import { createApiToken, listTokensOfUser, revokeTokenAs } from '#services/auth/sessions.service.ts';
import type { AppDeps } from './app.ts';
import { actorOf, authError, authOf } from './auth-middleware.ts';
import { errorAnswer } from './openapi-responses.ts';

const err = errorAnswer;
const denied = {
  401: err('未登录 / not signed in'),
  403: err('CSRF 校验失败，或用 API 令牌创建令牌 / CSRF check failed, or a token tried to create a token'),
};

/**
 * The caller's own API tokens (signed-in users only): list, create (the secret is shown once), revoke. An
 * administrator (users:admin) may revoke anyone's token by id. Creating a token needs a web session: a token
 * cannot mint further tokens, so a leaked token cannot outlive its own revocation through copies of itself.
 */
export function registerTokenRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tokens',
      summary: "The caller's own API tokens, newest first (revoked ones marked), never their secrets",
      responses: {
        200: {
          content: { 'application/json': { schema: z.object({ tokens: z.array(tokenBody) }) } },
          description: 'tokens',
        },
        ...denied,
      },
    }),
    async (c) => c.json({ tokens: await listTokensOfUser(db, authOf(c).principal.userId) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tokens',
      summary:
        'Create an API token for yourself (Authorization: Bearer <secret>); the secret is in this answer only. ' +
        'Needs a web session: API tokens cannot create tokens.',
      request: { body: { content: { 'application/json': { schema: createTokenBody } }, required: true } },
      responses: {
        201: { content: { 'application/json': { schema: createdTokenBody } }, description: 'created' },
        400: err('请求有误 / bad request'),
        ...denied,
      },
    }),
    async (c) => {
      const auth = authOf(c);
      if (auth.via !== 'session') {
        return authError(
          c,
          403,
          'session_required',
          '请登录网页后创建令牌，API 令牌不能创建令牌 / sign in on the web to create tokens; a token cannot create tokens',
        );
      }
      const { token, view } = await createApiToken(
        db,
        {
          username: auth.principal.username,
          name: c.req.valid('json').name,
          expiresInDays: c.req.valid('json').expiresInDays,
        },
        actorOf(c),
        deps.now(),
      );
      c.header('Cache-Control', 'no-store');
      return c.json({ token: view, secret: token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/tokens/{id}',
      summary: "Revoke one of your tokens at once (users:admin: anyone's)",
      request: { params: tokenIdParam },
      responses: {
        200: { content: { 'application/json': { schema: tokenBody } }, description: 'the revoked token' },
        ...denied,
        404: err('没有此令牌 / no such token (or not yours)'),
        409: err('令牌已撤销 / already revoked'),
      },
    }),
    async (c) => {
      const { principal } = authOf(c);
      const view = await revokeTokenAs(
        db,
        c.req.valid('param').id,
        { userId: principal.userId, mayRevokeAny: can(principal, 'users:admin') },
        actorOf(c),
        deps.now(),
      );
      return c.json(view, 200);
    },
  );
}
