import { describe, expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { openDb } from '#store/open-db.ts';
import { createApp } from './app.ts';
import { createRateLimiter } from './rate-limit.ts';
import { hstsHeader, SECURITY_HEADERS } from './security-headers.ts';

describe('security headers', () => {
  it('are on every response: API answers, errors, 404s and the web app', async () => {
    const db = await openDb(':memory:');
    const app = createApp({
      db,
      log: memoryLogger(),
      now: () => 0,
      isReady: () => false,
      webRoot: '/nonexistent-web-root',
    });
    try {
      for (const path of ['/api/health', '/api/nothing', '/', '/map', '/api/air/aqi?kind=daily']) {
        const res = await app.request(path);
        for (const [name, value] of Object.entries(SECURITY_HEADERS))
          expect(res.headers.get(name)).toBe(value);
      }
      // HSTS only when configured (a plain-HTTP deployment must not pin browsers to HTTPS).
      expect((await app.request('/api/health')).headers.get('Strict-Transport-Security')).toBeNull();
      expect(hstsHeader({ maxAgeS: 63_072_000, includeSubDomains: true })).toBe(
        'max-age=63072000; includeSubDomains',
      );
      const csp = SECURITY_HEADERS['Content-Security-Policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    } finally {
      await db.close();
    }
  });
});

describe('log-in rate limiter', () => {
  it('allows `limit` hits per window and key, then says how long to wait', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) expect(limiter.hit('a')).toEqual({ ok: true });
    now = 15_000;
    expect(limiter.hit('a')).toEqual({ ok: false, retryAfterS: 45 });
    expect(limiter.hit('b')).toEqual({ ok: true });
    now = 60_000;
    expect(limiter.hit('a')).toEqual({ ok: true });
  });

  it('keeps memory bounded under a flood of distinct keys', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.hit(`k${i}`);
    // The newest keys are still counted.
    expect(limiter.hit('k999').ok).toBe(false);
  });
});
