import { expect, it } from 'vitest';
import { seedPlaces } from './places.ts';
import {
  deleteExpiredSessions,
  deleteSessionsOfUser,
  findActiveApiToken,
  findLiveSession,
  insertApiToken,
  insertSession,
  revokeApiToken,
  touchApiToken,
} from './sessions.repository.ts';
import { forEachEngine } from './test-engines.ts';
import {
  clearFailedLogins,
  countEnabledUsersWithRoles,
  countUsers,
  findUserByName,
  insertUser,
  listRoles,
  replaceUserRoles,
  roleRowsOfUser,
  rolesOfUsers,
} from './users.repository.ts';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z, beyond 2^31 on purpose

forEachEngine('storage: users, roles, sessions, API tokens', (current) => {
  const newUser = async (username: string, organisationId: string | null = null) => {
    const { db } = current();
    await seedPlaces(db);
    return insertUser(db, { username, displayName: username, passwordHash: 'scrypt$x', organisationId }, T);
  };

  it('seeds the default roles and stores users with their roles', async () => {
    const { db } = current();
    expect((await listRoles(db)).map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'office-admin',
        'leader',
        'department',
        'township',
        'inspector',
        'enterprise',
        'public',
      ]),
    );
    const user = await newUser('jinshan', '410611001');
    expect(user).toMatchObject({
      username: 'jinshan',
      organisation_id: '410611001',
      enabled: 1,
      failed_logins: 0,
    });
    expect(Number(user.created_at)).toBe(T);
    await replaceUserRoles(db, Number(user.id), ['township', 'inspector', 'township']);
    expect((await roleRowsOfUser(db, Number(user.id))).map((r) => r.id)).toEqual(['inspector', 'township']);
    await replaceUserRoles(db, Number(user.id), ['leader']);
    expect((await rolesOfUsers(db, [Number(user.id)])).get(Number(user.id))).toEqual(['leader']);
    expect(await countUsers(db)).toBe(1);
    expect(await findUserByName(db, 'nobody')).toBeUndefined();
  });

  it('clears failed log-ins and a lock (counting and locking: login-attempts.storage.test.ts)', async () => {
    const { db } = current();
    const id = Number((await newUser('u1')).id);
    await db
      .updateTable('users')
      .set({ failed_logins: 3, locked_until: T + 900_000 })
      .where('id', '=', id)
      .execute();
    await clearFailedLogins(db, id);
    expect(await findUserByName(db, 'u1')).toMatchObject({ failed_logins: 0, locked_until: null });
  });

  it('counts other enabled users holding given roles (the last-administrator check)', async () => {
    const { db } = current();
    const a = Number((await newUser('a')).id);
    const b = Number((await newUser('b')).id);
    await replaceUserRoles(db, a, ['office-admin', 'leader']);
    await replaceUserRoles(db, b, ['leader']);
    expect(await countEnabledUsersWithRoles(db, ['office-admin', 'leader'], b)).toBe(1);
    expect(await countEnabledUsersWithRoles(db, ['office-admin'], a)).toBe(0);
  });

  it('finds sessions until they expire, and deletes them', async () => {
    const { db } = current();
    const id = Number((await newUser('s')).id);
    const row = { user_id: id, csrf_token: 'c', origin: 'http 1.2.3.4', created_at: T };
    await insertSession(db, { ...row, id: 'h1', expires_at: T + 1000 });
    await insertSession(db, { ...row, id: 'h2', expires_at: T + 5000 });
    expect(await findLiveSession(db, 'h1', T + 999)).toMatchObject({ user_id: id, csrf_token: 'c' });
    expect(await findLiveSession(db, 'h1', T + 1000)).toBeUndefined();
    expect(await deleteExpiredSessions(db, T + 1000)).toBe(1);
    expect(await deleteSessionsOfUser(db, id)).toBe(1);
    expect(await findLiveSession(db, 'h2', T)).toBeUndefined();
  });

  it('finds API tokens by hash until revoked', async () => {
    const { db } = current();
    const id = Number((await newUser('t')).id);
    const token = await insertApiToken(db, { userId: id, name: 'ci', tokenHash: 'abc' }, T);
    expect(await findActiveApiToken(db, 'abc', T)).toMatchObject({ name: 'ci', last_used_at: null });
    await touchApiToken(db, Number(token.id), T + 5);
    expect(Number((await findActiveApiToken(db, 'abc', T))?.last_used_at)).toBe(T + 5);
    expect(await revokeApiToken(db, Number(token.id), T + 10)).toBe(true);
    expect(await revokeApiToken(db, Number(token.id), T + 11)).toBe(false);
    expect(await findActiveApiToken(db, 'abc', T)).toBeUndefined();
  });

  it('refuses an API token from the moment it expires', async () => {
    const { db } = current();
    const id = Number((await newUser('e')).id);
    await insertApiToken(db, { userId: id, name: 'integration', tokenHash: 'exp', expiresAt: T + 1000 }, T);
    expect(await findActiveApiToken(db, 'exp', T + 999)).toMatchObject({ name: 'integration' });
    expect(Number((await findActiveApiToken(db, 'exp', T + 999))?.expires_at)).toBe(T + 1000);
    expect(await findActiveApiToken(db, 'exp', T + 1000)).toBeUndefined();
  });
});
