import type { MiddlewareHandler } from 'hono';
import { authError } from './auth-middleware.ts';
import { matchedRouteKey } from './route-access.ts';

/**
 * The only API calls a user who must change their password may make (issue 12): read who they are, change the
 * password, sign out. Everything else waits until the password an administrator set (and so knows) is replaced.
 */
export const ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED: ReadonlySet<string> = new Set([
  'GET /api/auth/session',
  'GET /api/auth/me',
  'POST /api/auth/password',
  'POST /api/auth/logout',
]);

export const PASSWORD_CHANGE_REQUIRED =
  '请先修改管理员设置的初始密码 / change the password the administrator set before doing anything else';

/**
 * After routeAccess: a signed-in user whose account is marked "must change password" gets 403
 * password_change_required on every other API route, whether they came with the cookie or an API token (a token
 * cannot be made meanwhile: POST /api/tokens is not on the list, so nothing made under the administrator's
 * password outlives it). Unknown paths still get their 404.
 */
export function passwordChangeGate(): MiddlewareHandler {
  return async (c, next) => {
    if (c.get('auth')?.principal.mustChangePassword !== true) return next();
    const key = matchedRouteKey(c);
    if (key === undefined || ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED.has(key)) return next();
    return authError(c, 403, 'password_change_required', PASSWORD_CHANGE_REQUIRED);
  };
}
