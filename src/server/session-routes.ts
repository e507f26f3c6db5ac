import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { sessionBody } from '#contract/auth.ts';
import { meOf } from './auth-routes.ts';

/**
 * GET /api/auth/session: the signed-in user (as /api/auth/me) or `{me: null}`, with 200 either way. The dashboard
 * asks on every load; an anonymous visitor is normal there, not an error (a 401 would be logged by the browser).
 */
export function registerSessionRoutes(app: OpenAPIHono): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/session',
      summary: 'Who is signed in, or null (never 401); cookie sessions also get their CSRF token',
      responses: {
        200: { content: { 'application/json': { schema: sessionBody } }, description: 'the session, if any' },
      },
    }),
    (c) => {
      const auth = c.get('auth');
      c.header('Cache-Control', 'no-store');
      if (!auth) return c.json({ me: null }, 200);
      return c.json(
        { me: meOf(auth.principal, auth.via, auth.via === 'session' ? auth.session.csrf_token : undefined) },
        200,
      );
    },
  );
}
