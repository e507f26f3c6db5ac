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

interface Token {
  id: number;
  userId: number;
  name: string;
  revokedAt: number | null;
  expiresAt: number | null;
}

async function signedIn(username: string, password: string) {
  const { cookie, csrf } = await t.login(username, password);
  const h = { cookie, 'X-CSRF-Token': csrf };
  return {
    list: async () =>
      ((await (await t.request('/api/tokens', { headers: h })).json()) as { tokens: Token[] }).tokens,
    create: (name: unknown) => t.post('/api/tokens', { name }, h),
    revoke: (id: number) => t.request(`/api/tokens/${id}`, { method: 'DELETE', headers: h }),
    headers: h,
  };
}

describe('/api/tokens (each signed-in user their own)', () => {
  it('refuses anonymous callers with 401', async () => {
    expect((await t.request('/api/tokens')).status).toBe(401);
    expect((await t.post('/api/tokens', { name: 'x' })).status).toBe(401);
    expect((await t.request('/api/tokens/1', { method: 'DELETE' })).status).toBe(401);
  });

  it('creates a token whose secret is shown once and works as Bearer; lists without secrets; revokes', async () => {
    const me = await signedIn('jinshan', USER_PASSWORD);
    const res = await me.create('  report script ');
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token, secret } = (await res.json()) as { token: Token; secret: string };
    expect(secret).toMatch(/^qs_/);
    expect(token).toMatchObject({ name: 'report script', userId: 2, revokedAt: null });

    const bearer = { authorization: `Bearer ${secret}` };
    const who = await t.request('/api/auth/me', { headers: bearer });
    expect(((await who.json()) as { user: { username: string } }).user.username).toBe('jinshan');

    const listed = await t.request('/api/tokens', { headers: me.headers });
    const text = await listed.text();
    expect(text).not.toContain(secret);
    expect((JSON.parse(text) as { tokens: Token[] }).tokens.map((x) => x.name)).toEqual(['report script']);

    const revoked = await me.revoke(token.id);
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as Token).revokedAt).not.toBeNull();
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(401);
    expect((await me.revoke(token.id)).status).toBe(409);

    const audit = await listAudit(t.db.db, 20);
    expect(audit.find((r) => r.entity === 'api_token' && r.action === 'create')).toMatchObject({
      actor: 'jinshan',
      origin: 'http local',
    });
    expect(audit.find((r) => r.entity === 'api_token' && r.action === 'revoke')).toMatchObject({
      actor: 'jinshan',
    });
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect((await verifyAuditChain(t.db.db)).ok).toBe(true);
  });

  it("lists only the caller's tokens; another user's token is 404 to a non-admin, revocable by users:admin", async () => {
    const { view: bossToken } = await createApiToken(
      t.db.db,
      { username: 'boss', name: 'boss-ci' },
      TEST_ACTOR,
      0,
    );
    const township = await signedIn('jinshan', USER_PASSWORD);
    expect(await township.list()).toEqual([]);
    expect((await township.revoke(bossToken.id)).status).toBe(404);
    expect((await township.revoke(999)).status).toBe(404);

    await township.create('mine');
    const [mine] = await township.list();
    const admin = await signedIn('boss', ADMIN_PASSWORD);
    expect((await admin.list()).map((x) => x.name)).toEqual(['boss-ci']);
    const res = await admin.revoke(mine?.id ?? 0);
    expect(res.status).toBe(200);
    const entry = (await listAudit(t.db.db, 5)).find((r) => r.action === 'revoke');
    expect(entry).toMatchObject({ actor: 'boss', entity: 'api_token', entity_id: String(mine?.id) });
  });

  it('gives a token an end date when asked: refused from then on, and says when in the list', async () => {
    const me = await signedIn('jinshan', USER_PASSWORD);
    const res = await t.post('/api/tokens', { name: 'report-script', expiresInDays: 30 }, me.headers);
    expect(res.status).toBe(201);
    const { token, secret } = (await res.json()) as { token: { expiresAt: number }; secret: string };
    const DAY = 86_400_000;
    expect(token.expiresAt).toBe(t.clock.now() + 30 * DAY);
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(200);
    expect((await me.list()).find((k) => k.name === 'report-script')).toMatchObject({
      expiresAt: token.expiresAt,
    });
    // Out of range lifetimes are a 400 with the contract's message.
    for (const expiresInDays of [0, 3651, 1.5]) {
      expect((await t.post('/api/tokens', { name: 'x', expiresInDays }, me.headers)).status).toBe(400);
    }
    t.clock.advance(30 * DAY - 1);
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(200);
    t.clock.advance(1);
    expect((await t.request('/api/auth/me', { headers: bearer })).status).toBe(401);
  });

  it('does not let an API token create tokens, but lets it list and revoke its own', async () => {
    const { token, view } = await createApiToken(t.db.db, { username: 'jinshan', name: 'ci' }, TEST_ACTOR, 0);
    const bearer = { authorization: `Bearer ${token}` };
    const created = await t.post('/api/tokens', { name: 'copy' }, bearer);
    expect(created.status).toBe(403);
    expect(((await created.json()) as { error: { code: string } }).error.code).toBe('session_required');
    expect((await t.request('/api/tokens', { headers: bearer })).status).toBe(200);
    expect((await t.request(`/api/tokens/${view.id}`, { method: 'DELETE', headers: bearer })).status).toBe(
      200,
    );
  });

  it('validates: name required and at most 100 characters, CSRF header for cookie sessions', async () => {
    const me = await signedIn('jinshan', USER_PASSWORD);
    expect((await me.create('')).status).toBe(400);
    expect((await me.create('   ')).status).toBe(400);
    expect((await me.create('x'.repeat(101))).status).toBe(400);
    expect((await me.create(7)).status).toBe(400);
    expect((await t.request('/api/tokens/abc', { method: 'DELETE', headers: me.headers })).status).toBe(400);
    const noCsrf = await t.post('/api/tokens', { name: 'x' }, { cookie: me.headers.cookie });
    expect(noCsrf.status).toBe(403);
  });
});
