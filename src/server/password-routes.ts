import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { changeOwnPasswordBody, passwordChangedBody } from '#contract/auth.ts';
import { changeOwnPassword } from '#services/auth/own-password.service.ts';
import type { AppDeps } from './app.ts';
import { actorOf, authError, authOf } from './auth-middleware.ts';
import { errorAnswer } from './openapi-responses.ts';

export const OWN_PASSWORD_PATH = '/api/auth/password';

const err = errorAnswer;

export const WRONG_CURRENT_PASSWORD =
  '当前密码不正确（连续失败 5 次将锁定 15 分钟）/ the current password is wrong (5 failures lock the account for 15 minutes)';

/** POST /api/auth/password: the signed-in user replaces their own password (issue 12). */
export function registerPasswordRoutes(app: OpenAPIHono, deps: AppDeps): void {
  const db = deps.db.db;
  app.openapi(
    createRoute({
      method: 'post',
      path: OWN_PASSWORD_PATH,
      summary:
        'Change your own password (web session and X-CSRF-Token): the current one, then the new one (strength ' +
        'rules apply). A wrong current password counts against the lock-out like a failed log-in. Your other ' +
        'sessions end, this one stays; clears the "must change password" state an administrator set.',
      request: {
        body: { content: { 'application/json': { schema: changeOwnPasswordBody } }, required: true },
      },
      responses: {
        200: { content: { 'application/json': { schema: passwordChangedBody } }, description: 'changed' },
        400: err('请求有误 / bad request'),
        401: err('未登录 / not signed in'),
        403: err(
          '当前密码不正确、CSRF 校验失败或用 API 令牌调用 / wrong current password (wrong_password), CSRF check ' +
            'failed, or called with an API token (session_required)',
        ),
        422: err(
          '新密码太弱或与当前密码相同 / the new password is weak (weak_password) or unchanged (same_password)',
        ),
        429: err('账号已锁定 / the account is locked after repeated failures (Retry-After)'),
      },
    }),
    async (c) => {
      const auth = authOf(c);
      // A person's password, changed by the person: a script's API token (which may outlive it) cannot.
      if (auth.via !== 'session') {
        return authError(
          c,
          403,
          'session_required',
          '请登录网页后修改密码 / sign in on the web to change your password',
        );
      }
      const body = c.req.valid('json');
      const result = await changeOwnPassword(
        db,
        {
          userId: auth.principal.userId,
          keepSessionId: auth.session.id,
          currentPassword: body.currentPassword,
          newPassword: body.newPassword,
        },
        actorOf(c),
        deps.now(),
      );
      if (result.ok) {
        deps.log.info(`${auth.principal.username} changed their password`);
        return c.json({ otherSessionsEnded: result.otherSessionsEnded }, 200);
      }
      if (result.reason === 'locked') {
        c.header('Retry-After', String(result.retryAfterS));
        return authError(
          c,
          429,
          'locked',
          '密码错误次数过多，账号已暂时锁定，请稍后再试 / too many wrong passwords: the account is locked for now, try again later',
        );
      }
      return authError(c, 403, 'wrong_password', WRONG_CURRENT_PASSWORD);
    },
  );
}
