import type { MiddlewareHandler } from 'hono';

/**
 * The Content-Security-Policy of the whole platform. The dashboard is one origin: its scripts and styles are
 * files from dist/web, data comes from /api (fetch and server-sent events). 'unsafe-inline' for styles only,
 * because Preact `style={…}` props and ECharts' SVG renderer write style attributes; scripts stay 'self' only.
 * data: images cover the inline SVG favicon in index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Strict-Transport-Security (RFC 6797), for deployments reached only over TLS. */
export interface HstsOptions {
  maxAgeS: number;
  includeSubDomains?: boolean;
}

/**
 * The header value. Sent on every response once configured, also when a TLS-terminating proxy forwards plain
 * HTTP to us: browsers ignore it over plain HTTP (RFC 6797 §8.1), and the operator who set it said TLS is in front.
 */
export const hstsHeader = (o: HstsOptions): string =>
  `max-age=${o.maxAgeS}${o.includeSubDomains ? '; includeSubDomains' : ''}`;

/**
 * Adds the security headers to every response, set after the handler so error pages, 404s and the web app's
 * files get them too. A response with immutable headers (one passed through from fetch) is copied first.
 */
export function securityHeaders(hsts?: HstsOptions): MiddlewareHandler {
  const headers = Object.entries(
    hsts ? { ...SECURITY_HEADERS, 'Strict-Transport-Security': hstsHeader(hsts) } : SECURITY_HEADERS,
  );
  return async (c, next) => {
    await next();
    try {
      for (const [name, value] of headers) c.res.headers.set(name, value);
    } catch {
      const copy = new Response(c.res.body, c.res);
      for (const [name, value] of headers) copy.headers.set(name, value);
      c.res = copy;
    }
  };
}
