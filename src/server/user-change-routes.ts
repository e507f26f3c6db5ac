import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import {
  resetPasswordBody,
  resetPasswordResult,
  updateUserBody,
  userBody,
  userIdParam,
} from '#contract/auth.ts';
import { resetPassword, updateUser } from '#services/auth/account-changes.service.ts';
import type { AppDeps } from './app.ts';
import { actorOf, authOf } from './auth-middleware.ts';
import { errorAnswer } from './openapi-responses.ts';

const err = errorAnswer;
const answers = {
  400: err('请求有误 / bad request'),
  401: err('未登录 / not signed in'),
  403: err('无权限或 CSRF 校验失败 / not permitted, or CSRF check failed'),
  404: err('没有此用户 / no such user'),
  409: err('不能停用自己或最后一个管理员 / cannot disable yourself or the last administrator'),
  422: err('无法处理（密码太短、单位不存在…）/ cannot be done (password too short, unknown organisation…)'),
};

/** Changes to existing accounts by the district office (users:admin): enable/disable, details, password reset. */
export function registerUserChangeRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/users/{id}',
      summary:
        "Enable or disable a user, or change the display name or organisation. Disabling ends the user's " +
        'sessions and revokes their API tokens. You cannot disable yourself or the last enabled administrator.',
      request: {
        params: userIdParam,
        body: { content: { 'application/json': { schema: updateUserBody } }, required: true },
      },
      responses: {
        200: { content: { 'application/json': { schema: userBody } }, description: 'the changed user' },
        ...answers,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const user = await updateUser(
        db,
        id,
        {
          ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
          ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
          ...(body.organisationId !== undefined ? { organisationId: body.organisationId } : {}),
        },
        actorOf(c),
        deps.now(),
        { actingUserId: authOf(c).principal.userId },
      );
      return c.json(user, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/users/{id}/password',
      summary:
        "Reset a user's password: the one given (strength rules apply) or, with none, a generated one that " +
        "this answer shows once. Clears a lock-out, ends the user's sessions and revokes their API tokens.",
      request: {
        params: userIdParam,
        body: { content: { 'application/json': { schema: resetPasswordBody } }, required: true },
      },
      responses: {
        200: {
          content: { 'application/json': { schema: resetPasswordResult } },
          description: 'the user; generatedPassword when generated',
        },
        ...answers,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { password } = c.req.valid('json');
      const result = await resetPassword(db, id, password, actorOf(c), deps.now());
      // The generated password must not linger in caches.
      c.header('Cache-Control', 'no-store');
      return c.json(result, 200);
    },
  );
}
