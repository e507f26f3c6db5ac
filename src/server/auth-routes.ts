import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { loginBody, type MeBody, meBody } from '#contract/auth.ts';
import { can } from '#rules/access/principal.ts';
import { PERMISSIONS } from '#rules/access/roles.ts';
import { createAuthenticator, type LockoutPolicy } from '#services/auth/authenticate.ts';
import { type LoadedPrincipal, loadPrincipal } from '#services/auth/principal-loader.ts';
import { createSession, endSession, SESSION_TTL_MS } from '#services/auth/sessions.service.ts';
import { logThrottle } from '#services/log-throttle.ts';
import type { AppDeps } from './app.ts';
import {
  actorOf,
  authError,
  clientAddress,
  isHttps,
  SESSION_COOKIE,
  unauthenticated,
} from './auth-middleware.ts';
import { createLoginGuard, DEFAULT_LOGIN_LIMITS, type LoginGuard, type LoginLimits } from './login-guard.ts';
import { errorAnswer } from './openapi-responses.ts';

export const LOGIN_PATH = '/api/auth/login';

/** One answer for every failed log-in, so it never tells which usernames exist or which accounts are locked. */
export const LOGIN_REFUSED =
  '用户名或密码错误（连续失败 5 次将锁定 15 分钟） / wrong username or password (5 failures lock the account for 15 minutes)';

const err = errorAnswer;

export interface AuthRouteOptions {
  lockout?: LockoutPolicy;
  /** Rate limits and the password-check queue (defaults: DEFAULT_LOGIN_LIMITS). */
  limits?: Partial<LoginLimits>;
  /** The guard, when the app also uses it before the route (loginEarlyRefusal); else made from `limits`. */
  guard?: LoginGuard;
}

const TOO_MANY = '尝试过于频繁，请稍后再试 / too many attempts, try again later';
const BUSY = '登录繁忙，请稍后再试 / too many log-ins at the moment, try again shortly';

export function meOf(principal: LoadedPrincipal, via: 'session' | 'token', csrfToken?: string): MeBody {
  return {
    user: {
      id: principal.userId,
      username: principal.username,
      displayName: principal.displayName,
      organisationId: principal.organisationId,
    },
    roles: principal.roles.map((r) => ({ ...r, permissions: [...r.permissions] })),
    permissions: PERMISSIONS.filter((p) => can(principal, p)),
    ...(csrfToken !== undefined ? { csrfToken } : {}),
    via,
    mustChangePassword: principal.mustChangePassword === true,
  };
}

/**
 * Before the session lookup and the body: an address already over its log-in limit gets its 429 at once (the
 * same answer the route gives), so a refused flood costs neither a database query nor a JSON parse.
 */
export function loginEarlyRefusal(guard: LoginGuard): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const retryAfterS = guard.addressOverLimit(clientAddress(c));
    if (retryAfterS === undefined) return next();
    c.header('Retry-After', String(retryAfterS));
    return authError(c, 429, 'rate_limited', TOO_MANY);
  };
}

/** Log-in, log-out and "who am I" (/api/auth/*). */
export function registerAuthRoutes(app: OpenAPIHono, deps: AppDeps, options: AuthRouteOptions = {}): void {
  const db = deps.db.db;
  const log = deps.log.child('auth');
  const authenticator = createAuthenticator(db, deps.now, options.lockout);
  const guard = options.guard ?? createLoginGuard({ ...DEFAULT_LOGIN_LIMITS, ...options.limits }, deps.now);
  const shouldLog = logThrottle(deps.now);
  const refuse = (c: Context, status: 429 | 503, retryAfterS: number, scope: string, address: string) => {
    const count = shouldLog(scope);
    if (count !== undefined) {
      log.warn(`log-in limit reached (${scope}) from ${address}; ${count} refused in the last minute or so`);
    }
    c.header('Retry-After', String(retryAfterS));
    return status === 429
      ? authError(c, 429, 'rate_limited', TOO_MANY)
      : authError(c, 503, 'login_busy', BUSY);
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: LOGIN_PATH,
      summary: 'Sign in: sets the HttpOnly qs_session cookie and returns the CSRF token for later changes',
      request: { body: { content: { 'application/json': { schema: loginBody } }, required: true } },
      responses: {
        200: { content: { 'application/json': { schema: meBody } }, description: 'signed in' },
        400: err('请求有误 / bad request'),
        401: err('用户名或密码错误 / wrong username or password (or the account is locked)'),
        429: err('尝试过于频繁 / too many attempts (Retry-After)'),
        503: err('登录繁忙 / too many log-ins on the platform (Retry-After)'),
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const address = clientAddress(c);
      const origin = `http ${address}`;
      const admitted = guard.admit(address, username);
      if (!admitted.ok) return refuse(c, admitted.status, admitted.retryAfterS, admitted.scope, address);
      const checked = await guard.check(address, () =>
        authenticator.authenticate(username, password, origin),
      );
      if (!checked.ok) return refuse(c, checked.status, checked.retryAfterS, checked.scope, address);
      const result = checked.value;
      const principal = result.ok ? await loadPrincipal(db, result.userId) : undefined;
      if (!result.ok || !principal) {
        // The username is logged only when it exists: a mistyped one may be someone's password.
        const who =
          result.ok || result.reason !== 'unknown_user' ? ` for ${username.trim().toLowerCase()}` : '';
        log.info(`log-in refused (${result.ok ? 'disabled' : result.reason})${who} from ${address}`);
        return authError(c, 401, 'login_failed', LOGIN_REFUSED);
      }
      guard.noteSuccess(address);
      const session = await createSession(db, result, origin, deps.now());
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: isHttps(c),
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      log.info(`${principal.username} signed in from ${address}`);
      return c.json(meOf(principal, 'session', session.csrfToken), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Sign out: ends the cookie session (needs X-CSRF-Token); API tokens stay valid until revoked',
      responses: { 204: { description: 'signed out' }, 403: err('CSRF 校验失败 / CSRF check failed') },
    }),
    async (c) => {
      const auth = c.get('auth');
      if (auth?.via === 'session') {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) {
          await endSession(db, token, actorOf(c), deps.now());
        }
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/me',
      summary: 'The signed-in user (cookie or Bearer API token), their roles and permissions',
      responses: {
        200: { content: { 'application/json': { schema: meBody } }, description: 'the signed-in user' },
        401: err('未登录 / not signed in'),
      },
    }),
    (c) => {
      const auth = c.get('auth');
      if (!auth) return unauthenticated(c);
      return c.json(
        meOf(auth.principal, auth.via, auth.via === 'session' ? auth.session.csrf_token : undefined),
        200,
      );
    },
  );
}
