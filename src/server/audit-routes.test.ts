import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '#services/auth/accounts.service.ts';
import {
  ADMIN_PASSWORD,
  type AuthTestApp,
  authTestApp,
  TEST_ACTOR,
  USER_PASSWORD,
} from './auth-test-support.ts';

let t: AuthTestApp;
beforeEach(async () => {
  t = await authTestApp();
  await createUser(
    t.db.db,
    { username: 'leader', displayName: '区领导', password: 'leader-Password-1', roles: ['leader'] },
    TEST_ACTOR,
    t.clock.now(),
  );
});
afterEach(async () => {
  await t.close();
});

interface AuditPage {
  total: number;
  entries: { id: number; actor: string; action: string; entity: string; after: unknown }[];
}

describe('/api/audit', () => {
  it('shows who changed what to leaders and the office, newest first, filtered and paged', async () => {
    const { cookie } = await t.login('leader', 'leader-Password-1');
    const all = (await (await t.request('/api/audit', { headers: { cookie } })).json()) as AuditPage;
    // boss, jinshan and leader were created (plus the log-in, if audited): newest first.
    const creations = all.entries.filter((e) => e.action === 'create' && e.entity === 'user');
    expect(creations.length).toBe(3);
    expect(all.entries.map((e) => e.id)).toEqual([...all.entries.map((e) => e.id)].sort((a, b) => b - a));
    const page = (await (
      await t.request('/api/audit?entity=user&action=create&pageSize=2&page=2', { headers: { cookie } })
    ).json()) as AuditPage;
    expect(page.total).toBe(3);
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]?.id).toBe(creations[2]?.id);
  });

  it('refuses township users and anonymous callers, and rejects a bad page with 400', async () => {
    expect((await t.request('/api/audit')).status).toBe(401);
    const { cookie } = await t.login('jinshan', USER_PASSWORD);
    expect((await t.request('/api/audit', { headers: { cookie } })).status).toBe(403);
    const admin = await t.login('boss', ADMIN_PASSWORD);
    const bad = await t.request('/api/audit?page=0', { headers: { cookie: admin.cookie } });
    expect(bad.status).toBe(400);
  });

  it('names the first altered entry when a row of the log was changed behind the platform’s back', async () => {
    const { cookie } = await t.login('boss', ADMIN_PASSWORD);
    const ok = (await (await t.request('/api/audit/verify', { headers: { cookie } })).json()) as {
      audit: { ok: boolean; count: number };
    };
    expect(ok.audit.ok).toBe(true);
    const victim = await t.db.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await t.db.db
      .updateTable('audit_log')
      .set({ actor: 'someone-else' })
      .where('id', '=', victim.id)
      .execute();
    const broken = (await (await t.request('/api/audit/verify', { headers: { cookie } })).json()) as {
      audit: { ok: boolean; firstBroken: { id: number } };
    };
    expect(broken.audit.ok).toBe(false);
    expect(broken.audit.firstBroken.id).toBe(Number(victim.id));
  });
});
