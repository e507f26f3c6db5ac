import { describe, expect, it } from 'vitest';
import { createApiToken } from '#services/auth/sessions.service.ts';
import { listAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import {
  ADMIN_PASSWORD,
  type AuthTestApp,
  TEST_ACTOR,
  USER_PASSWORD,
  useAuthTestApp,
} from './auth-test-support.ts';
import { ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED } from './password-change-gate.ts';
import { ROUTE_ACCESS } from './route-access.ts';

/** POST /api/auth/password (own password change) and the forced change after an administrator's reset. */

let t: AuthTestApp;
useAuthTestApp((app) => {
  t = app;
});

const NEW_PASSWORD = 'my-own-Password-9';
type Body = { error?: { code: string; message: string }; otherSessionsEnded?: number };

async function changeAs(who: { cookie: string; csrf: string }, currentPassword: string, newPassword: string) {
  const res = await t.post(
    '/api/auth/password',
    { currentPassword, newPassword },
    { cookie: who.cookie, 'X-CSRF-Token': who.csrf },
  );
  return { status: res.status, body: (await res.json()) as Body, headers: res.headers };
}

const me = (cookie: string) => t.request('/api/auth/me', { headers: { cookie } });

describe('POST /api/auth/password', () => {
  it('changes the password: this session stays, the others end, the new password signs in, audited', async () => {
    const other = await t.login('jinshan', USER_PASSWORD);
    const mine = await t.login('jinshan', USER_PASSWORD);
    const res = await changeAs(mine, USER_PASSWORD, NEW_PASSWORD);
    expect(res).toMatchObject({ status: 200, body: { otherSessionsEnded: 1 } });
    expect((await me(mine.cookie)).status).toBe(200);
    expect((await me(other.cookie)).status).toBe(401);
    expect((await t.post('/api/auth/login', { username: 'jinshan', password: USER_PASSWORD })).status).toBe(
      401,
    );
    await t.login('jinshan', NEW_PASSWORD);
    const entry = (await listAudit(t.db.db, 20)).find((r) => r.action === 'change_password');
    expect(entry).toMatchObject({ actor: 'jinshan', entity: 'user', entity_id: '2', origin: 'http local' });
    expect(JSON.parse(entry?.detail ?? '')).toEqual({ own: true, otherSessionsEnded: 1, wasRequired: false });
    const trail = JSON.stringify(await listAudit(t.db.db, 50));
    for (const secret of [USER_PASSWORD, NEW_PASSWORD]) expect(trail).not.toContain(secret);
    expect((await verifyAuditChain(t.db.db)).ok).toBe(true);
  });

  it('needs the CSRF token, a session (not an API token) and a signed-in caller', async () => {
    const mine = await t.login('jinshan', USER_PASSWORD);
    const body = { currentPassword: USER_PASSWORD, newPassword: NEW_PASSWORD };
    const noCsrf = await t.post('/api/auth/password', body, { cookie: mine.cookie });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as Body).error?.code).toBe('csrf');
    expect((await t.post('/api/auth/password', body)).status).toBe(401);
    const created = await t.post(
      '/api/tokens',
      { name: 'ci' },
      { cookie: mine.cookie, 'X-CSRF-Token': mine.csrf },
    );
    const { secret } = (await created.json()) as { secret: string };
    const viaToken = await t.post('/api/auth/password', body, { authorization: `Bearer ${secret}` });
    expect(viaToken.status).toBe(403);
    expect(((await viaToken.json()) as Body).error?.code).toBe('session_required');
    await t.login('jinshan', USER_PASSWORD);
  });

  it('refuses a weak or unchanged new password with 422 and the strength rule’s message', async () => {
    const mine = await t.login('jinshan', USER_PASSWORD);
    const weak = await changeAs(mine, USER_PASSWORD, 'short');
    expect(weak.status).toBe(422);
    expect(weak.body.error).toMatchObject({ code: 'weak_password' });
    expect(weak.body.error?.message).toMatch(/^密码至少 10 个字符 \/ a password needs/);
    expect((await changeAs(mine, USER_PASSWORD, 'jinshan123')).body.error?.code).toBe('weak_password');
    const same = await changeAs(mine, USER_PASSWORD, USER_PASSWORD);
    expect(same).toMatchObject({ status: 422, body: { error: { code: 'same_password' } } });
  });

  it('counts a wrong current password against the lock-out: 5 wrong lock the account, even the right one waits', async () => {
    const mine = await t.login('jinshan', USER_PASSWORD);
    for (let i = 1; i <= 5; i += 1) {
      const wrong = await changeAs(mine, `guess-number-${i}x`, NEW_PASSWORD);
      expect(wrong.status).toBe(403);
      expect(wrong.body.error?.code).toBe('wrong_password');
      expect(wrong.body.error?.message).toMatch(/^当前密码不正确.*\/ the current password is wrong/);
    }
    const locked = await changeAs(mine, USER_PASSWORD, NEW_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe('locked');
    expect(Number(locked.headers.get('retry-after'))).toBe(15 * 60);
    // The same lock stops log-in: guesses here and at the log-in form add up.
    expect((await t.post('/api/auth/login', { username: 'jinshan', password: USER_PASSWORD })).status).toBe(
      401,
    );
    const actions = (await listAudit(t.db.db, 20)).map((r) => r.action);
    expect(actions.filter((a) => a === 'login_failed')).toHaveLength(4);
    expect(actions.filter((a) => a === 'lock')).toHaveLength(1);
    // After the lock the right password works again.
    t.clock.advance(15 * 60_000);
    expect((await changeAs(mine, USER_PASSWORD, NEW_PASSWORD)).status).toBe(200);
  });

  it('a right current password clears earlier failures (as a right log-in does)', async () => {
    const mine = await t.login('jinshan', USER_PASSWORD);
    for (let i = 0; i < 4; i += 1)
      await t.post('/api/auth/login', { username: 'jinshan', password: 'wrong-x' });
    expect((await changeAs(mine, USER_PASSWORD, NEW_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i += 1)
      await t.post('/api/auth/login', { username: 'jinshan', password: 'wrong-x' });
    await t.login('jinshan', NEW_PASSWORD);
  });
});

describe('forced change after an administrator sets a password', () => {
  it('lets through only routes that exist (a renamed route must not silently lock such users out)', () => {
    for (const key of ALLOWED_WHILE_PASSWORD_CHANGE_REQUIRED) expect(ROUTE_ACCESS[key], key).toBeDefined();
  });

  async function adminResets(password: string) {
    const boss = await t.login('boss', ADMIN_PASSWORD);
    const res = await t.post(
      '/api/users/2/password',
      { password },
      { cookie: boss.cookie, 'X-CSRF-Token': boss.csrf },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(
      true,
    );
  }

  it('allows only session, me, password change and log-out until changed; then everything again', async () => {
    await adminResets('reset-by-Admin-7');
    const user = await t.login('jinshan', 'reset-by-Admin-7');
    expect(user.body).toMatchObject({ mustChangePassword: true });
    expect((await me(user.cookie)).status).toBe(200);
    const session = await t.request('/api/auth/session', { headers: { cookie: user.cookie } });
    expect(((await session.json()) as { me: { mustChangePassword: boolean } }).me.mustChangePassword).toBe(
      true,
    );

    for (const path of ['/api/dashboard/overview', '/api/sites', '/api/tokens', '/api/places']) {
      const res = await t.request(path, { headers: { cookie: user.cookie } });
      expect(res.status, path).toBe(403);
      const body = (await res.json()) as Body;
      expect(body.error?.code).toBe('password_change_required');
      expect(body.error?.message).toMatch(/^请先修改.* \/ change the password/);
    }
    // No API token meanwhile: one made under the administrator's password would outlive the change.
    const token = await t.post(
      '/api/tokens',
      { name: 'ci' },
      { cookie: user.cookie, 'X-CSRF-Token': user.csrf },
    );
    expect(token.status).toBe(403);
    // An unknown path is still a 404, not a hint about the account.
    expect((await t.request('/api/nothing-here', { headers: { cookie: user.cookie } })).status).toBe(404);

    expect((await changeAs(user, 'reset-by-Admin-7', NEW_PASSWORD)).status).toBe(200);
    const after = (await (await me(user.cookie)).json()) as { mustChangePassword: boolean };
    expect(after.mustChangePassword).toBe(false);
    expect((await t.request('/api/sites', { headers: { cookie: user.cookie } })).status).toBe(200);
    const entry = (await listAudit(t.db.db, 20)).find((r) => r.action === 'change_password');
    expect(JSON.parse(entry?.detail ?? '')).toMatchObject({ own: true, wasRequired: true });
  });

  it('holds an API token made meanwhile at the console to the same rule', async () => {
    await adminResets('reset-by-Admin-7');
    // `qingshan tokens create --user jinshan` at the console still works; the token can do no more than the user.
    const { token } = await createApiToken(t.db.db, { username: 'jinshan', name: 'ci' }, TEST_ACTOR, 0);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(200);
    const sites = await t.request('/api/sites', { headers: bearer });
    expect(sites.status).toBe(403);
    expect(((await sites.json()) as Body).error?.code).toBe('password_change_required');
  });

  it('log-out works while a change is required', async () => {
    await adminResets('reset-by-Admin-7');
    const user = await t.login('jinshan', 'reset-by-Admin-7');
    const out = await t.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: user.cookie, 'X-CSRF-Token': user.csrf },
    });
    expect(out.status).toBe(204);
    expect((await me(user.cookie)).status).toBe(401);
  });

  it('a user created by an administrator must change the password; the listing shows who still has to', async () => {
    const boss = await t.login('boss', ADMIN_PASSWORD);
    const headers = { cookie: boss.cookie, 'X-CSRF-Token': boss.csrf };
    const created = await t.post(
      '/api/users',
      { username: 'newbie', displayName: '新人', password: 'given-by-Admin-3', roles: ['leader'] },
      headers,
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ username: 'newbie', mustChangePassword: true });
    const newbie = await t.login('newbie', 'given-by-Admin-3');
    expect(newbie.body).toMatchObject({ mustChangePassword: true });
    expect((await t.request('/api/dashboard/overview', { headers: { cookie: newbie.cookie } })).status).toBe(
      403,
    );

    // The administrator's own session is unaffected; the listing shows who still has to change.
    const list = (await (await t.request('/api/users', { headers: { cookie: boss.cookie } })).json()) as {
      users: { username: string; mustChangePassword: boolean }[];
    };
    expect(list.users.map((u) => [u.username, u.mustChangePassword])).toEqual([
      ['boss', false],
      ['jinshan', false],
      ['newbie', true],
    ]);
  });
});
