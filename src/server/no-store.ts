import type { MiddlewareHandler } from 'hono';

/** API paths whose answers are about people (accounts, tokens, sessions, the audit trail): never cached. */
export const PERSONAL_DATA_PATHS = ['/api/auth', '/api/users', '/api/tokens', '/api/audit'] as const;

const isPersonal = (path: string) => PERSONAL_DATA_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * `Cache-Control: no-store` (RFC 9111 §5.2.2.5) on personal data, and on every answer to a signed-in caller that
 * does not say otherwise: what a signed-in user sees depends on who they are (their jurisdiction), so a shared
 * cache or the browser's disk must not keep it for the next person at the same computer. Errors too: set after
 * the handler.
 */
export function noStoreForPersonalData(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const personal = isPersonal(c.req.path);
    if (!personal && (c.get('auth') === undefined || c.res.headers.has('Cache-Control'))) return;
    try {
      c.res.headers.set('Cache-Control', 'no-store');
    } catch {
      // Immutable headers (a response passed through from fetch): copy it first.
      const copy = new Response(c.res.body, c.res);
      copy.headers.set('Cache-Control', 'no-store');
      c.res = copy;
    }
  };
}
