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

let t: AuthTestApp;
useAuthTestApp((app) => {
  t = app;
});

const NEW_USER = {
  username: 'dahejian',
  displayName: '大河涧乡',
  password: 'a-long-New-password',
  roles: ['township'],
  organisationId: '410611201',
};

describe('/api/users (users:admin only)', () => {
  it('refuses anonymous callers (401) and users without users:admin (403)', async () => {
    expect((await t.request('/api/users')).status).toBe(401);
    const { cookie, csrf } = await t.login('jinshan', USER_PASSWORD);
    const list = await t.request('/api/users', { headers: { cookie } });
    expect(list.status).toBe(403);
    expect(((await list.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await t.post('/api/users', NEW_USER, { cookie, 'X-CSRF-Token': csrf })).status).toBe(403);
    const put = await t.request('/api/users/2/roles', {
      method: 'PUT',
      headers: { cookie, 'X-CSRF-Token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['office-admin'] }),
    });
    expect(put.status).toBe(403);
  });

  it('lists users with their roles, never a password hash', async () => {
    const { cookie } = await t.login('boss', ADMIN_PASSWORD);
    const res = await t.request('/api/users', { headers: { cookie } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('scrypt');
    const body = JSON.parse(text) as {
      users: { username: string; roles: string[] }[];
      roles: { id: string }[];
    };
    expect(body.users.map((u) => [u.username, u.roles])).toEqual([
      ['boss', ['office-admin']],
      ['jinshan', ['township']],
    ]);
    expect(body.roles.map((r) => r.id)).toContain('inspector');
  });

  it('needs the CSRF header for a cookie session: 403 without it, 201 with it', async () => {
    const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
    const without = await t.post('/api/users', NEW_USER, { cookie });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('csrf');
    expect((await t.post('/api/users', NEW_USER, { cookie, 'X-CSRF-Token': 'wrong' })).status).toBe(403);
    const created = await t.post('/api/users', NEW_USER, { cookie, 'X-CSRF-Token': csrf });
    expect(created.status).toBe(201);
    const text = await created.text();
    expect(text).not.toContain(NEW_USER.password);
    expect(JSON.parse(text)).toMatchObject({
      username: 'dahejian',
      roles: ['township'],
      organisationId: '410611201',
    });
    // The new user can sign in.
    await t.login('dahejian', NEW_USER.password);
    const audit = await listAudit(t.db.db, 100);
    const entry = audit.find((r) => r.action === 'create' && r.entity === 'user' && r.entity_id === '3');
    expect(entry).toMatchObject({ actor: 'boss', origin: 'http local' });
    expect(entry?.after).not.toContain(NEW_USER.password);
    expect((await verifyAuditChain(t.db.db)).ok).toBe(true);
  });

  it('lets an API token act without a CSRF header (browsers never send Authorization on their own)', async () => {
    const { token } = await createApiToken(t.db.db, { username: 'boss', name: 'ci' }, TEST_ACTOR, 0);
    const created = await t.post('/api/users', NEW_USER, { authorization: `Bearer ${token}` });
    expect(created.status).toBe(201);
  });

  it('replaces roles, audited before → after, and never removes the last administrator', async () => {
    const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
    const put = (id: number, roles: string[]) =>
      t.request(`/api/users/${id}/roles`, {
        method: 'PUT',
        headers: { cookie, 'X-CSRF-Token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ roles }),
      });
    const res = await put(2, ['township', 'inspector']);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { roles: string[] }).roles).toEqual(['inspector', 'township']);
    const entry = (await listAudit(t.db.db, 10)).find((r) => r.action === 'set_roles');
    expect(JSON.parse(entry?.before ?? '')).toEqual({ roles: ['township'] });
    expect(JSON.parse(entry?.after ?? '')).toEqual({ roles: ['inspector', 'township'] });

    const last = await put(1, ['leader']);
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: { code: string } }).error.code).toBe('last_admin');
    expect((await put(99, ['leader'])).status).toBe(404);
    expect((await put(2, ['no-such-role'])).status).toBe(422);
    expect((await verifyAuditChain(t.db.db)).ok).toBe(true);
  });

  it('validates new users: username, password length, roles and organisation', async () => {
    const { cookie, csrf } = await t.login('boss', ADMIN_PASSWORD);
    const h = { cookie, 'X-CSRF-Token': csrf };
    const code = async (body: unknown) => {
      const res = await t.post('/api/users', body, h);
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    };
    expect(await code({ ...NEW_USER, password: 'short' })).toEqual([422, 'weak_password']);
    expect(await code({ ...NEW_USER, username: 'Bad Name!' })).toEqual([422, 'bad_username']);
    expect(await code({ ...NEW_USER, roles: ['wizard'] })).toEqual([422, 'unknown_role']);
    expect(await code({ ...NEW_USER, organisationId: null })).toEqual([422, 'organisation_required']);
    expect(await code({ ...NEW_USER, organisationId: '999' })).toEqual([422, 'unknown_organisation']);
    expect(await code({ ...NEW_USER, username: 'jinshan' })).toEqual([409, 'user_exists']);
    expect(await code({ username: 'x' })).toEqual([400, 'bad_request']);
  });
});
