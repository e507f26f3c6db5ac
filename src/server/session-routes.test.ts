import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '#services/auth/sessions.service.ts';
import { type AuthTestApp, authTestApp, TEST_ACTOR, USER_PASSWORD } from './auth-test-support.ts';

let t: AuthTestApp;
beforeEach(async () => {
  t = await authTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('GET /api/auth/session', () => {
  it('answers anonymous visitors with 200 and me: null, never cached', async () => {
    const res = await t.request('/api/auth/session');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ me: null });
  });

  it('gives a cookie session its user, permissions and CSRF token; a token caller no CSRF token', async () => {
    const { cookie, csrf } = await t.login('jinshan', USER_PASSWORD);
    const body = (await (await t.request('/api/auth/session', { headers: { cookie } })).json()) as {
      me: { user: { username: string }; permissions: string[]; csrfToken?: string; via: string };
    };
    expect(body.me).toMatchObject({ user: { username: 'jinshan' }, csrfToken: csrf, via: 'session' });
    expect(body.me.permissions).toContain('tasks:write');

    const { token } = await createApiToken(t.db.db, { username: 'jinshan', name: 'ci' }, TEST_ACTOR, 0);
    const viaToken = (await (
      await t.request('/api/auth/session', { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { me: { csrfToken?: string; via: string } };
    expect(viaToken.me.via).toBe('token');
    expect(viaToken.me.csrfToken).toBeUndefined();
  });
});
