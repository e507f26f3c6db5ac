import { describe, expect, it } from 'vitest';
import { listAudit } from '#store/audit-log.repository.ts';
import { findUserByName } from '#store/users.repository.ts';
import { ADMIN, send, sessionHeaders, USER, useAbusePlatform } from './auth-abuse-platform.ts';

// Issue 11, finding 12 and the "also" list: a password reset left the user's API tokens valid and an
// administrator could not list another user's tokens; a password of ten spaces was accepted; personal data
// lacked Cache-Control: no-store; no HSTS option for deployments behind TLS.
const current = useAbusePlatform({ hsts: { maxAgeS: 31_536_000, includeSubDomains: false } });

const url = () => current().platform.url;
/** What the administrator sets on a reset; the user then chooses their own (USER.password) again. */
const TEMPORARY = 'harbor-lantern-Quiet-42';
const userId = async (username: string) =>
  Number((await findUserByName(current().platform.db.db, username))?.id);

/** The user signs in on the web and makes an API token for a script; returns its secret. */
async function userMakesToken(name: string): Promise<string> {
  const headers = await sessionHeaders(url(), USER.username, USER.password);
  const res = await send(url(), '/api/tokens', { body: { name }, headers });
  expect(res.status).toBe(201);
  return res.body.secret as string;
}

const meWith = (secret: string) =>
  send(url(), '/api/auth/me', { headers: { authorization: `Bearer ${secret}` } });

describe('abuse: accounts and API tokens', () => {
  it('a password reset revokes the user’s API tokens, audited; the administrator lists them first', async () => {
    const secret = await userMakesToken('nightly export');
    expect((await meWith(secret)).status).toBe(200);
    const admin = await sessionHeaders(url(), ADMIN.username, ADMIN.password);
    const id = await userId(USER.username);

    const listed = await send(url(), `/api/users/${id}/tokens`, { headers: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.tokens).toEqual([
      expect.objectContaining({ userId: id, name: 'nightly export', revokedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const reset = await send(url(), `/api/users/${id}/password`, {
      body: { password: TEMPORARY },
      headers: admin,
    });
    expect(reset.status).toBe(200);
    expect((await meWith(secret)).status).toBe(401);
    const entry = (await listAudit(current().platform.db.db, 20)).find((r) => r.action === 'reset_password');
    expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({ tokensRevoked: [listed.body.tokens[0].id] });
    const after = await send(url(), `/api/users/${id}/tokens`, { headers: admin });
    expect(after.body.tokens[0].revokedAt).toBe(current().clock.now());

    // The user must choose their own password before anything else (issue 12), as a real user would.
    const temporary = await sessionHeaders(url(), USER.username, TEMPORARY);
    expect(
      (await send(url(), '/api/tokens', { body: { name: 'too early' }, headers: temporary })).status,
    ).toBe(403);
    const changed = await send(url(), '/api/auth/password', {
      body: { currentPassword: TEMPORARY, newPassword: USER.password },
      headers: temporary,
    });
    expect(changed.status).toBe(200);
  }, 30_000);

  it('disabling revokes the tokens for good; an administrator can also revoke all of them at once', async () => {
    const admin = await sessionHeaders(url(), ADMIN.username, ADMIN.password);
    const id = await userId(USER.username);
    const first = await userMakesToken('first');
    const patch = (enabled: boolean) =>
      send(url(), `/api/users/${id}`, { method: 'PATCH', body: { enabled }, headers: admin });
    expect((await patch(false)).status).toBe(200);
    expect((await patch(true)).status).toBe(200);
    expect((await meWith(first)).status).toBe(401);

    const a = await userMakesToken('a');
    const b = await userMakesToken('b');
    const revoked = await send(url(), `/api/users/${id}/tokens`, { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toHaveLength(2);
    expect([(await meWith(a)).status, (await meWith(b)).status]).toEqual([401, 401]);
    const audit = await listAudit(current().platform.db.db, 50);
    expect(audit.find((r) => r.action === 'revoke_tokens')).toMatchObject({ actor: ADMIN.username });
    expect(JSON.parse(audit.find((r) => r.action === 'disable')?.detail ?? '{}').tokensRevoked).toHaveLength(
      1,
    );

    // Not for anyone else: a township user cannot list another user's tokens.
    const user = await sessionHeaders(url(), USER.username, USER.password);
    expect(
      (await send(url(), `/api/users/${await userId(ADMIN.username)}/tokens`, { headers: user })).status,
    ).toBe(403);
    expect((await send(url(), '/api/users/999/tokens', { headers: admin })).status).toBe(404);
  }, 30_000);

  it('refuses a password of ten spaces, and other weak ones, in Chinese and English', async () => {
    const admin = await sessionHeaders(url(), ADMIN.username, ADMIN.password);
    const id = await userId(USER.username);
    for (const password of [' '.repeat(10), 'aaaaaaaaaa', '1234567890', 'jinshan123']) {
      const res = await send(url(), `/api/users/${id}/password`, { body: { password }, headers: admin });
      expect([password, res.status]).toEqual([password, 422]);
      expect(res.body.error.code).toBe('weak_password');
      expect(res.body.error.message).toMatch(/^[\u4e00-\u9fff].* \/ [a-z]/);
    }
    const create = await send(url(), '/api/users', {
      body: { username: 'spaces', displayName: 'S', password: ' '.repeat(10), roles: [] },
      headers: admin,
    });
    expect(create.status).toBe(422);
    expect(create.body.error.message).toBe('密码不能只有空格 / a password cannot be only spaces');
  }, 30_000);

  it('marks personal data no-store, and sends HSTS when configured', async () => {
    const admin = await sessionHeaders(url(), ADMIN.username, ADMIN.password);
    const id = await userId(USER.username);
    for (const path of [
      '/api/auth/me',
      '/api/auth/session',
      '/api/users',
      `/api/users/${id}/tokens`,
      '/api/tokens',
      '/api/audit',
    ]) {
      const res = await send(url(), path, { headers: admin });
      expect([path, res.status, res.headers['cache-control']]).toEqual([path, 200, 'no-store']);
    }
    const refused = await send(url(), '/api/auth/login', { body: { username: 'x', password: 'y' } });
    expect(refused.headers['cache-control']).toBe('no-store');
    const health = await send(url(), '/api/health');
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(health.headers['cache-control']).toBeUndefined();
  }, 30_000);
});
