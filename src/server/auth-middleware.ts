import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ErrorBody } from '#contract/common.ts';
import type { Actor } from '#services/auth/accounts.service.ts';
import { type LoadedPrincipal, loadPrincipal } from '#services/auth/principal-loader.ts';
import { findApiTokenBySecret, findSession } from '#services/auth/sessions.service.ts';
import type { Db } from '#store/open-db.ts';
import type { ApiTokenRow, SessionRow } from '#store/sessions.repository.ts';

export const SESSION_COOKIE = 'qs_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Who is calling, and how they proved it. */
export type AuthContext =
  | { principal: LoadedPrincipal; via: 'session'; session: SessionRow }
  | { principal: LoadedPrincipal; via: 'token'; token: ApiTokenRow };

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by authMiddleware when the request is signed in; absent otherwise. */
    auth: AuthContext | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authError<S extends 401 | 403 | 429 | 503>(
  c: Context,
  status: S,
  code: string,
  message: string,
) {
  const body: ErrorBody = { error: { code, message } };
  return c.json(body, status);
}

export const unauthenticated = (c: Context) =>
  authError(c, 401, 'unauthenticated', '请先登录 / please sign in');

/**
 * The peer's address as the socket saw it. X-Forwarded-For is deliberately ignored: anyone can send it, and a
 * rate limit keyed on it could be dodged by changing it. (Behind a trusted proxy this would be configured.)
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** True when the request arrived over HTTPS (directly, or as a proxy in front of us says). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface AuthMiddlewareOptions {
  /** Unsafe requests on these paths skip the CSRF check (log-in: it does not act with the session's authority). */
  csrfExemptPaths?: readonly string[];
}

/**
 * Resolves the caller from `Authorization: Bearer <api token>` or the `qs_session` cookie and sets `auth` on the
 * context; does not itself refuse anonymous requests (routeAccess in route-access.ts does).
 * - A bearer header that is not a live token is a 401 at once: no falling back to a cookie.
 * - Cookie-authenticated POST/PUT/PATCH/DELETE must carry X-CSRF-Token equal to the session's token (403
 *   otherwise); a page on another site can make the browser send the cookie but cannot read the token. Bearer
 *   requests are exempt: browsers never attach Authorization on their own.
 */
export function authMiddleware(
  deps: { db: Db; now: () => number },
  options: AuthMiddlewareOptions = {},
): MiddlewareHandler {
  const db = deps.db.db;
  const exempt = new Set(options.csrfExemptPaths ?? []);
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      const token = secret ? await findApiTokenBySecret(db, secret, deps.now()) : undefined;
      const principal = token ? await loadPrincipal(db, Number(token.user_id)) : undefined;
      if (!token || !principal) return unauthenticated(c);
      c.set('auth', { principal, via: 'token', token });
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    const session = cookie ? await findSession(db, cookie, deps.now()) : undefined;
    const principal = session ? await loadPrincipal(db, Number(session.user_id)) : undefined;
    if (session && principal) {
      if (!SAFE_METHODS.has(c.req.method) && !exempt.has(c.req.path)) {
        if (!sameSecret(c.req.header(CSRF_HEADER), session.csrf_token)) {
          return authError(
            c,
            403,
            'csrf',
            `缺少或错误的 ${CSRF_HEADER} / missing or wrong ${CSRF_HEADER} header`,
          );
        }
      }
      c.set('auth', { principal, via: 'session', session });
    }
    return next();
  };
}

/** The signed-in caller in a handler of a route that route-access.ts lets only signed-in callers reach. */
export function authOf(c: Context): AuthContext {
  const auth = c.get('auth');
  if (!auth) throw new Error('authOf used on a route open to anonymous callers');
  return auth;
}

/** Who makes a change over HTTP, and from where, as the audit trail records it. */
export function actorOf(c: Context): Actor {
  return { actor: authOf(c).principal.username, origin: `http ${clientAddress(c)}` };
}
