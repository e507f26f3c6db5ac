import { Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { staticMigrationProvider } from './migrations/index.ts';
import { deleteOtherSessionsOfUser, findLiveSession, insertSession } from './sessions.repository.ts';
import { forEachEngine } from './test-engines.ts';
import { findUserById, insertUser, setPasswordHash } from './users.repository.ts';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z, beyond 2^31 on purpose

forEachEngine('storage: "must change password" (users.must_change_password, migration 0011)', (current) => {
  it('is stored at creation, set by an administrator’s password, cleared by the user’s own', async () => {
    const { db } = current();
    const given = await insertUser(
      db,
      { username: 'newbie', displayName: 'N', passwordHash: 'scrypt$a', mustChangePassword: true },
      T,
    );
    const chosen = await insertUser(db, { username: 'demo', displayName: 'D', passwordHash: 'scrypt$b' }, T);
    expect(Number(given.must_change_password)).toBe(1);
    expect(Number(chosen.must_change_password)).toBe(0);

    await setPasswordHash(db, Number(given.id), 'scrypt$c', T + 1, { mustChange: false });
    expect(await findUserById(db, Number(given.id))).toMatchObject({ password_hash: 'scrypt$c' });
    expect(Number((await findUserById(db, Number(given.id)))?.must_change_password)).toBe(0);
    await setPasswordHash(db, Number(chosen.id), 'scrypt$d', T + 2, { mustChange: true });
    expect(Number((await findUserById(db, Number(chosen.id)))?.must_change_password)).toBe(1);
  });

  it('ends every session of a user but the one kept, and no one else’s', async () => {
    const { db } = current();
    const a = Number((await insertUser(db, { username: 'a1', displayName: 'A', passwordHash: 'x' }, T)).id);
    const b = Number((await insertUser(db, { username: 'b1', displayName: 'B', passwordHash: 'x' }, T)).id);
    const session = (id: string, user_id: number) =>
      insertSession(db, { id, user_id, csrf_token: 'c', origin: null, created_at: T, expires_at: T + 1000 });
    await session('keep', a);
    await session('other-1', a);
    await session('other-2', a);
    await session('b-own', b);
    expect(await deleteOtherSessionsOfUser(db, a, 'keep')).toBe(2);
    expect(await findLiveSession(db, 'keep', T)).toBeDefined();
    expect(await findLiveSession(db, 'other-1', T)).toBeUndefined();
    expect(await findLiveSession(db, 'b-own', T)).toBeDefined();
  });

  it('migration 0011 adds the column with 0 for existing users, and drops it when undone', async () => {
    const { db } = current();
    const migrator = new Migrator({ db, provider: staticMigrationProvider });
    const down = await migrator.migrateTo('0010-checkpoint-permission');
    expect(down.error).toBeUndefined();
    expect(down.results?.at(-1)).toMatchObject({
      migrationName: '0011-must-change-password',
      status: 'Success',
    });
    await db
      .insertInto('users')
      .values({
        username: 'old',
        display_name: 'O',
        password_hash: 'x',
        organisation_id: null,
        enabled: 1,
        failed_logins: 0,
        locked_until: null,
        created_at: T,
        updated_at: T,
      })
      .execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const row = await db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'old')
      .executeTakeFirstOrThrow();
    expect(Number(row.must_change_password)).toBe(0);
  });
});
