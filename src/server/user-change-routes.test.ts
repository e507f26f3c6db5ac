import { describe, expect, it } from 'vitest';
import { updateUser } from '#services/auth/account-changes.service.ts';
import { createUser } from '#services/auth/accounts.service.ts';
import { createApiToken } from '#services/auth/sessions.service.ts';
import { listAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
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

/** boss (id 1, office-admin) and jinshan (id 2, township of 410611001) exist; see auth-test-support.ts. */
async function asAdmin() {
  const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
  const send = (method: string, path: string, body: unknown) =>
    t.request(path, {
      method,
      headers: { cookie, 'X-CSRF-Token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { cookie, csrf, send };
}

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('PATCH /api/users/{id}', () => {
  it('is for users:admin only: 401 anonymous, 403 for a township user', async () => {
    const anon = await t.request('/api/users/2', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(anon.status).toBe(401);
    const { cookie, csrf } = await t.login('jinshan', USER_PASSWORD);
    const res = await t.request('/api/users/1', {
      method: 'PATCH',
      headers: { cookie, 'X-CSRF-Token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(res.status).toBe(403);
  });

  it('disables a user: their sessions end, log-in is refused, audited before → after; re-enabling works', async () => {
    const jinshan = await t.login('jinshan', USER_PASSWORD);
    const { token } = await createApiToken(t.db.db, { username: 'jinshan', name: 'ci' }, TEST_ACTOR, 0);
    const { send } = await asAdmin();
    const res = await send('PATCH', '/api/users/2', { enabled: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ username: 'jinshan', enabled: false });

    expect((await t.request('/api/auth/me', { headers: { cookie: jinshan.cookie } })).status).toBe(401);
    expect((await t.post('/api/auth/login', { username: 'jinshan', password: USER_PASSWORD })).status).toBe(
      401,
    );
    // Disabling revoked the token: it stays dead when the account is enabled again.
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(401);

    const entry = (await listAudit(t.db.db, 20)).find((r) => r.action === 'disable');
    expect(entry).toMatchObject({ actor: 'boss', entity: 'user', entity_id: '2', origin: 'http local' });
    expect(JSON.parse(entry?.before ?? '')).toEqual({ enabled: true });
    expect(JSON.parse(entry?.after ?? '')).toEqual({ enabled: false });
    expect(JSON.parse(entry?.detail ?? '')).toEqual({ sessionsEnded: 1, tokensRevoked: [1] });

    expect((await send('PATCH', '/api/users/2', { enabled: true })).status).toBe(200);
    await t.login('jinshan', USER_PASSWORD);
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(401);
    expect((await verifyAuditChain(t.db.db)).ok).toBe(true);
  });

  it('refuses disabling yourself and the last enabled administrator', async () => {
    const { send } = await asAdmin();
    const self = await send('PATCH', '/api/users/1', { enabled: false });
    expect(self.status).toBe(409);
    expect(await codeOf(self)).toBe('self_disable');

    // Another administrator may disable the first while one stays enabled.
    await createUser(
      t.db.db,
      { username: 'boss2', displayName: '管理员二', password: ADMIN_PASSWORD, roles: ['office-admin'] },
      TEST_ACTOR,
      0,
    );
    const two = await t.login('boss2', ADMIN_PASSWORD);
    const patch = (id: number, body: unknown, who: { cookie: string; csrf: string }) =>
      t.request(`/api/users/${id}`, {
        method: 'PATCH',
        headers: { cookie: who.cookie, 'X-CSRF-Token': who.csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await patch(1, { enabled: false }, two)).status).toBe(200);
    // boss2 is now the only enabled administrator; taking their role away is refused as before.
    const roles = await t.request('/api/users/3/roles', {
      method: 'PUT',
      headers: { cookie: two.cookie, 'X-CSRF-Token': two.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['leader'] }),
    });
    expect(roles.status).toBe(409);
  });

  it('never disables the last enabled administrator (the CLI acts as no user, so only this rule stops it)', async () => {
    const refused = updateUser(t.db.db, 1, { enabled: false }, TEST_ACTOR, 0);
    await expect(refused).rejects.toMatchObject({ code: 'last_admin', status: 409 });
    // Another administrator makes it possible; disabling a non-administrator never needs one.
    await expect(updateUser(t.db.db, 2, { enabled: false }, TEST_ACTOR, 0)).resolves.toMatchObject({
      enabled: false,
    });
  });

  it('changes display name and organisation, audited with only the changed fields', async () => {
    const { send } = await asAdmin();
    const res = await send('PATCH', '/api/users/2', { displayName: '大赉店镇', organisationId: '410611100' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ displayName: '大赉店镇', organisationId: '410611100' });
    const entry = (await listAudit(t.db.db, 5)).find((r) => r.action === 'update');
    expect(JSON.parse(entry?.before ?? '')).toEqual({ displayName: '金山街道', organisationId: '410611001' });
    expect(JSON.parse(entry?.after ?? '')).toEqual({ displayName: '大赉店镇', organisationId: '410611100' });
  });

  it('validates: empty body 400, unknown user 404, township role without organisation 422, unknown org 422', async () => {
    const { send } = await asAdmin();
    const empty = await send('PATCH', '/api/users/2', {});
    expect(empty.status).toBe(400);
    expect(await codeOf(empty)).toBe('bad_request');
    expect((await send('PATCH', '/api/users/2', { enabled: 'no' })).status).toBe(400);
    expect((await send('PATCH', '/api/users/2', { displayName: '  ' })).status).toBe(400);
    expect((await send('PATCH', '/api/users/abc', { enabled: true })).status).toBe(400);
    expect((await send('PATCH', '/api/users/99', { enabled: false })).status).toBe(404);
    const noOrg = await send('PATCH', '/api/users/2', { organisationId: null });
    expect(noOrg.status).toBe(422);
    expect(await codeOf(noOrg)).toBe('organisation_required');
    const badOrg = await send('PATCH', '/api/users/2', { organisationId: '999' });
    expect(await codeOf(badOrg)).toBe('unknown_organisation');
  });
});

describe('POST /api/users/{id}/password', () => {
  it('generates a password shown once, clears the lock-out, ends sessions; audited without the password', async () => {
    const old = await t.login('jinshan', USER_PASSWORD);
    // Lock jinshan out with five wrong passwords.
    for (let i = 0; i < 5; i++)
      await t.post('/api/auth/login', { username: 'jinshan', password: 'wrong-one!' });
    const { send } = await asAdmin();
    const locked = (await (await send('GET', '/api/users', undefined)).json()) as {
      users: { username: string; lockedUntil: number | null }[];
    };
    expect(locked.users.find((u) => u.username === 'jinshan')?.lockedUntil).not.toBeNull();

    const res = await send('POST', '/api/users/2/password', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { generatedPassword: string; user: { lockedUntil: number | null } };
    expect(body.generatedPassword).toHaveLength(32);
    expect(body.user.lockedUntil).toBeNull();
    expect((await t.request('/api/auth/me', { headers: { cookie: old.cookie } })).status).toBe(401);
    await t.login('jinshan', body.generatedPassword);

    const entry = (await listAudit(t.db.db, 10)).find((r) => r.action === 'reset_password');
    expect(entry).toMatchObject({ actor: 'boss', entity_id: '2' });
    expect(JSON.parse(entry?.detail ?? '')).toEqual({
      generated: true,
      sessionsEnded: 1,
      tokensRevoked: [],
      lockCleared: true,
    });
    const all = JSON.stringify(await listAudit(t.db.db, 100));
    expect(all).not.toContain(body.generatedPassword);
  });

  it('takes a given password with the length rule; 403 for non-admins; 404 unknown', async () => {
    const { send } = await asAdmin();
    const short = await send('POST', '/api/users/2/password', { password: 'short' });
    expect(short.status).toBe(422);
    expect(await codeOf(short)).toBe('weak_password');
    const given = await send('POST', '/api/users/2/password', { password: 'a-brand-new-password' });
    expect(given.status).toBe(200);
    expect(((await given.json()) as { generatedPassword: unknown }).generatedPassword).toBeNull();
    await t.login('jinshan', 'a-brand-new-password');
    expect((await send('POST', '/api/users/99/password', {})).status).toBe(404);

    const { cookie, csrf } = await t.login('jinshan', 'a-brand-new-password');
    const res = await t.post('/api/users/1/password', {}, { cookie, 'X-CSRF-Token': csrf });
    expect(res.status).toBe(403);
  });
});
