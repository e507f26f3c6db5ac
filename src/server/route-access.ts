import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { can } from '#rules/access/principal.ts';
import type { Permission } from '#rules/access/roles.ts';
import { anonymousPrincipal, type LoadedPrincipal } from '#services/auth/principal-loader.ts';
import type { Logger } from '#services/logger.ts';
import type { Db } from '#store/open-db.ts';
import { authError, unauthenticated } from './auth-middleware.ts';

/**
 * Who may call a route: anyone (`open`), anyone signed in, or whoever holds a permission. Anonymous callers hold
 * the public role, so a permission the public role grants (air:read, sites:read, published:read) opens a route to
 * them too; what they then see is narrowed by the data layer (SiteVisibility).
 */
export type RouteAccess = { open: true } | { signedIn: true } | { permission: Permission };

const OPEN = { open: true } as const;
const SIGNED_IN = { signedIn: true } as const;
const needs = (permission: Permission): RouteAccess => ({ permission });

/**
 * Every API route, in Hono's path syntax, with who may call it. A route missing here is refused (403) and fails
 * route-access.test.ts, which walks the app's route list: a new route cannot ship without a rule.
 */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'GET /api/health': OPEN,
  'GET /api/openapi.json': OPEN,
  'GET /api/places': OPEN,
  // A calculator over the caller's own numbers: no stored data.
  'GET /api/air/aqi': OPEN,

  'POST /api/auth/login': OPEN,
  'POST /api/auth/logout': OPEN,
  'GET /api/auth/me': SIGNED_IN,
  // Who is signed in, or null: answers anonymous visitors with 200 (the dashboard asks on every load).
  'GET /api/auth/session': OPEN,
  // The caller's own password (issue 12); the handler refuses API tokens.
  'POST /api/auth/password': SIGNED_IN,

  'GET /api/air/report': needs('air:read'),
  'GET /api/air/daily': needs('air:read'),
  'GET /api/air/targets': needs('air:read'),
  'GET /api/dashboard/overview': needs('air:read'),
  'GET /api/dashboard/snapshot': needs('air:read'),
  'GET /api/dashboard/hours': needs('air:read'),
  'GET /api/dashboard/days': needs('air:read'),
  'GET /api/dashboard/export': needs('air:read'),
  'GET /api/live': needs('air:read'),

  'GET /api/sites': needs('sites:read'),
  'GET /api/devices': needs('devices:read'),
  'GET /api/devices/status': needs('devices:read'),
  'GET /api/devices/:mn/data': needs('devices:read'),
  'GET /api/devices/:mn/refused': needs('devices:read'),
  'GET /api/events': needs('events:read'),
  // 我的排口: the caller's own assigned outlets (user_sites), scoped in the handler (issue 12).
  'GET /api/my/outlets': SIGNED_IN,
  'GET /api/my/outlets/:code': SIGNED_IN,
  'GET /api/hj212/quarantine': needs('hj212:quarantine:read'),

  // The district office's web administration (issue 12). Dust days and external figures change published
  // figures, so they are read with them (air:read).
  'POST /api/devices': needs('devices:write'),
  'PATCH /api/devices/:mn': needs('devices:write'),
  'DELETE /api/devices/:mn': needs('devices:write'),
  'POST /api/devices/:mn/key': needs('devices:write'),
  'POST /api/sites': needs('sites:write'),
  'PATCH /api/sites/:code': needs('sites:write'),
  'GET /api/dust-days': needs('air:read'),
  'POST /api/dust-days': needs('dust-days:write'),
  'DELETE /api/dust-days/:date': needs('dust-days:write'),
  'GET /api/figures': needs('air:read'),
  'PUT /api/figures/:key/:year': needs('figures:write'),
  'DELETE /api/figures/:key/:year': needs('figures:write'),

  // Durable jobs and timers of every node (issue 14): the district office.
  'GET /api/jobs': needs('jobs:admin'),
  'POST /api/jobs/:id/retry': needs('jobs:admin'),
  'POST /api/jobs/:id/cancel': needs('jobs:admin'),

  'GET /api/audit': needs('audit:read'),
  'GET /api/audit/verify': needs('audit:read'),
  'POST /api/audit/checkpoints': needs('audit:checkpoint'),

  'GET /api/users': needs('users:admin'),
  'POST /api/users': needs('users:admin'),
  'PUT /api/users/:id/roles': needs('users:admin'),
  'GET /api/users/:id/sites': needs('users:admin'),
  'PUT /api/users/:id/sites': needs('users:admin'),
  'PATCH /api/users/:id': needs('users:admin'),
  'POST /api/users/:id/password': needs('users:admin'),
  'GET /api/users/:id/tokens': needs('users:admin'),
  'DELETE /api/users/:id/tokens': needs('users:admin'),
  // Each signed-in user's own API tokens; POST refuses token-authenticated callers (tokens cannot mint tokens).
  'GET /api/tokens': SIGNED_IN,
  'POST /api/tokens': SIGNED_IN,
  'DELETE /api/tokens/:id': SIGNED_IN,
};

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by routeAccess on every /api request: the signed-in user, or the anonymous (public) principal. */
    principal: LoadedPrincipal | undefined;
  }
}

/** The route a request matched (method and Hono path), or undefined when none did (a 404 follows). */
export function matchedRouteKey(c: Context): string | undefined {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  const route = matchedRoutes(c).findLast((r) => r.method === method);
  return route ? `${method} ${route.path}` : undefined;
}

/**
 * Checks ROUTE_ACCESS for the matched route, after authMiddleware: 401 when signing in could help, 403 when the
 * signed-in caller lacks the permission or the route has no rule (fail closed). Sets `principal`.
 */
export function routeAccess(deps: { db: Db; log: Logger }): MiddlewareHandler {
  return async (c, next) => {
    const key = matchedRouteKey(c);
    if (key === undefined) return next();
    const access = ROUTE_ACCESS[key];
    if (access === undefined) {
      deps.log.error(`route without an access rule refused: ${key}`);
      return authError(c, 403, 'forbidden', '此接口未配置访问规则 / this endpoint has no access rule');
    }
    const auth = c.get('auth');
    const principal = auth?.principal ?? (await anonymousPrincipal(deps.db.db));
    c.set('principal', principal);
    if ('open' in access) return next();
    if ('signedIn' in access) return auth ? next() : unauthenticated(c);
    if (can(principal, access.permission)) return next();
    if (!auth) return unauthenticated(c);
    return authError(c, 403, 'forbidden', `无权限 / not permitted (${access.permission})`);
  };
}

/** The caller behind routeAccess: signed in, or the anonymous public principal. */
export function principalOf(c: Context): LoadedPrincipal {
  const principal = c.get('principal');
  if (!principal) throw new Error('principalOf used outside routeAccess');
  return principal;
}
