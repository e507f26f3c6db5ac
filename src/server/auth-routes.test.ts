import { describe, expect, it } from 'vitest';
import { createApiToken, revokeToken } from '#services/auth/sessions.service.ts';
import { listAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import { LOGIN_REFUSED } from './auth-routes.ts';
import {
  ADMIN_PASSWORD,
  type AuthTestApp,
  TEST_ACTOR,
  USER_PASSWORD,
  useAuthTestApp,
} from './auth-test-support.ts';

let t: AuthTestApp;
useAuthTestApp((app) => {
  t = app;
});

const actions = async () =>
  (await listAudit(t.db.db, 1000)).map((r) => `${r.action} ${r.entity}:${r.entity_id}`);

describe('log-in, sessions and /api/auth/me', () => {
  it('sets an HttpOnly SameSite=Strict cookie, and /me answers with it', async () => {
    const { setCookie, cookie, csrf, body } = await t.login('jinshan', USER_PASSWORD);
    expect(setCookie).toMatch(/^qs_session=[\w-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    expect(body).toMatchObject({
      user: { username: 'jinshan', organisationId: '410611001' },
      via: 'session',
    });
    expect(csrf).toMatch(/^[\w-]{32}$/);

    const me = await t.request('/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    const meBody = (await me.json()) as { roles: { id: string }[]; permissions: string[]; csrfToken: string };
    expect(meBody.roles.map((r) => r.id)).toEqual(['township']);
    expect(meBody.permissions).toContain('cases:write');
    expect(meBody.permissions).not.toContain('users:admin');
    expect(meBody.csrfToken).toBe(csrf);
    expect((await t.request('/api/auth/me')).status).toBe(401);
    expect((await t.request('/api/auth/me', { headers: { cookie: 'qs_session=forged' } })).status).toBe(401);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await t.app.request('https://qingshan.example/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jinshan', password: USER_PASSWORD }),
    });
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('answers a wrong password and an unknown user alike (no user enumeration)', async () => {
    const wrong = await t.post('/api/auth/login', { username: 'jinshan', password: 'not-the-password' });
    const unknown = await t.post('/api/auth/login', { username: 'nobody', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.json();
    expect(a).toEqual({ error: { code: 'login_failed', message: LOGIN_REFUSED } });
    expect(await unknown.json()).toEqual(a);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('locks an account after 5 failures: even the right password waits until the lock expires', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.post('/api/auth/login', { username: 'jinshan', password: `guess-${i}` })).status).toBe(
        401,
      );
    }
    const locked = await t.post('/api/auth/login', { username: 'jinshan', password: USER_PASSWORD });
    expect(locked.status).toBe(401);
    expect(await locked.json()).toEqual({ error: { code: 'login_failed', message: LOGIN_REFUSED } });
    t.clock.advance(14 * 60_000);
    expect((await t.post('/api/auth/login', { username: 'jinshan', password: USER_PASSWORD })).status).toBe(
      401,
    );
    t.clock.advance(60_000);
    await t.login('jinshan', USER_PASSWORD);
    expect(await actions()).toEqual(
      expect.arrayContaining(['login_failed user:2', 'lock user:2', 'login user:2']),
    );
    expect(t.log.lines.some((l) => l.includes('log-in refused (locked) for jinshan'))).toBe(true);
  });

  it('rate-limits log-in per address and username: the 11th attempt in a minute gets 429', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await t.post('/api/auth/login', { username: 'ghost', password: 'x' })).status).toBe(401);
    }
    const limited = await t.post('/api/auth/login', { username: 'ghost', password: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another username from the same address is not held back.
    await t.login('boss', ADMIN_PASSWORD);
    t.clock.advance(60_000);
    expect((await t.post('/api/auth/login', { username: 'ghost', password: 'x' })).status).toBe(401);
  });

  it('logs out only with the CSRF header, and the session is gone afterwards', async () => {
    const { cookie, csrf } = await t.login('jinshan', USER_PASSWORD);
    expect((await t.request('/api/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(403);
    const out = await t.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrf },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^qs_session=;/);
    expect((await t.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    expect(await actions()).toContain('logout user:2');
  });

  it('expires sessions after 12 hours', async () => {
    const { cookie } = await t.login('jinshan', USER_PASSWORD);
    t.clock.advance(12 * 60 * 60_000);
    expect((await t.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('accepts API tokens as Bearer, and refuses them once revoked', async () => {
    const { token, view } = await createApiToken(t.db.db, { username: 'jinshan', name: 'ci' }, TEST_ACTOR, 0);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.request('/api/auth/me', { headers: bearer });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { via: string; csrfToken?: string };
    expect(body.via).toBe('token');
    expect(body.csrfToken).toBeUndefined();
    await revokeToken(t.db.db, view.id, TEST_ACTOR, 1);
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(401);
    expect(
      (await t.request('/api/auth/me', { headers: { authorization: 'Bearer qs_made-up' } })).status,
    ).toBe(401);
    expect(await actions()).toEqual(
      expect.arrayContaining([`create api_token:${view.id}`, `revoke api_token:${view.id}`]),
    );
  });

  it('keeps passwords, session tokens and CSRF tokens out of the log, and the audit chain intact', async () => {
    const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
    await t.post('/api/auth/login', { username: 'jinshan', password: 'wrong-secret-zz' });
    await t.post('/api/auth/login', { username: 'typed-my-password', password: 'x' });
    const secrets = [
      ADMIN_PASSWORD,
      'wrong-secret-zz',
      'typed-my-password',
      cookie.split('=')[1] as string,
      csrf,
    ];
    for (const line of t.log.lines) for (const s of secrets) expect(line).not.toContain(s);
    const verdict = await verifyAuditChain(t.db.db);
    expect(verdict.ok).toBe(true);
    for (const row of await listAudit(t.db.db, 1000)) {
      for (const s of secrets) expect(JSON.stringify(row)).not.toContain(s);
    }
  });
});
