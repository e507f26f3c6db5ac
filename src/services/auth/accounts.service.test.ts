import { expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import { seedPlaces } from '#store/places.ts';
import { forEachEngine } from '#store/test-engines.ts';
import { countUsers } from '#store/users.repository.ts';
import {
  changePassword,
  createUser,
  ensureFirstAdmin,
  listUserViews,
  setUserRoles,
} from './accounts.service.ts';
import { createAuthenticator } from './authenticate.ts';
import { loadPrincipal } from './principal-loader.ts';
import { createSession, findSession } from './sessions.service.ts';

const T = 1_767_225_600_000;
const by = { actor: 'test', origin: 'test' };

forEachEngine('accounts service', (current) => {
  it('creates exactly one first administrator, on the first start only', async () => {
    const { db } = current();
    const first = await ensureFirstAdmin(db, T);
    expect(first?.username).toBe('admin');
    expect(first?.password).toMatch(/^[\w-]{32}$/);
    expect(await ensureFirstAdmin(db, T + 1)).toBeUndefined();
    expect(await countUsers(db)).toBe(1);
    const principal = await loadPrincipal(db, 1);
    expect(principal?.roles.map((r) => r.id)).toEqual(['office-admin']);
    const ok = await createAuthenticator(db, () => T).authenticate('admin', first?.password ?? '', 'test');
    expect(ok.ok).toBe(true);
    const [entry] = await listAudit(db);
    expect(entry).toMatchObject({ actor: 'system', origin: 'first start', action: 'create', entity: 'user' });
    expect(JSON.stringify(entry)).not.toContain(first?.password);
  });

  it('locks after 5 failures for 15 minutes, then accepts the right password', async () => {
    const { db } = current();
    await createUser(
      db,
      { username: 'uu', displayName: 'U', password: 'right-password', roles: ['leader'] },
      by,
      T,
    );
    let now = T;
    const auth = createAuthenticator(db, () => now);
    for (let i = 0; i < 5; i++)
      expect(await auth.authenticate('uu', 'wrong', 'x')).toEqual({ ok: false, reason: 'wrong_password' });
    expect(await auth.authenticate('uu', 'right-password', 'x')).toEqual({ ok: false, reason: 'locked' });
    // Guessing during the lock neither counts nor extends it.
    expect(await auth.authenticate('uu', 'wrong', 'x')).toEqual({ ok: false, reason: 'locked' });
    now = T + 15 * 60_000;
    expect(await auth.authenticate('UU', 'right-password', 'x')).toMatchObject({ ok: true, username: 'uu' });
    expect((await listUserViews(db))[0]).toMatchObject({ lockedUntil: null });
    expect(await auth.authenticate('ghost', 'x', 'x')).toEqual({ ok: false, reason: 'unknown_user' });
    expect((await listAudit(db, 100)).map((r) => r.action)).toContain('lock');
  });

  it('changes a password: the old one stops working and sessions end', async () => {
    const { db } = current();
    await seedPlaces(db);
    const user = await createUser(
      db,
      {
        username: 'dd',
        displayName: 'D',
        password: 'first-password',
        roles: ['department'],
        organisationId: 'dept.ecology-environment',
      },
      by,
      T,
    );
    const session = await createSession(db, { userId: user.id, username: 'dd' }, 'test', T);
    await changePassword(db, 'dd', 'second-password', by, T + 1);
    expect(await findSession(db, session.token, T + 2)).toBeUndefined();
    const auth = createAuthenticator(db, () => T + 3);
    expect((await auth.authenticate('dd', 'first-password', 'x')).ok).toBe(false);
    expect((await auth.authenticate('dd', 'second-password', 'x')).ok).toBe(true);
    await expect(changePassword(db, 'dd', 'short', by, T)).rejects.toMatchObject({ code: 'weak_password' });
    await expect(changePassword(db, 'nobody', 'long-enough-pw', by, T)).rejects.toMatchObject({
      code: 'unknown_user',
    });
  });

  it('replaces roles and keeps at least one administrator; every change is chained in the audit log', async () => {
    const { db } = current();
    await createUser(
      db,
      { username: 'aa', displayName: 'A', password: 'a-password-1', roles: ['office-admin'] },
      by,
      T,
    );
    await createUser(db, { username: 'bb', displayName: 'B', password: 'b-password-1', roles: [] }, by, T);
    await expect(setUserRoles(db, 'aa', ['leader'], by, T)).rejects.toMatchObject({ code: 'last_admin' });
    await setUserRoles(db, 'bb', ['office-admin'], by, T);
    expect((await setUserRoles(db, 'aa', ['leader'], by, T)).roles).toEqual(['leader']);
    expect((await loadPrincipal(db, 1))?.roles.map((r) => r.id)).toEqual(['leader']);
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: true, count: 4 });
  });
});
