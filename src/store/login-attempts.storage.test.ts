import { expect, it } from 'vitest';
import { reserveLoginAttempt } from './login-attempts.repository.ts';
import { forEachEngine } from './test-engines.ts';
import { clearFailedLogins, findUserByName, insertUser } from './users.repository.ts';

const T = 1_767_225_600_000; // 2026-01-01T00:00:00Z, beyond 2^31 on purpose
const POLICY = { maxFailures: 5, lockMs: 900_000 };

forEachEngine('storage: log-in attempts counted before the password is checked', (current) => {
  const newUser = (username: string) =>
    insertUser(current().db, { username, displayName: username, passwordHash: 'scrypt$x' }, T);

  it('lets at most maxFailures of many concurrent attempts through, and the last of them locks', async () => {
    const { db } = current();
    await newUser('u1');
    const results = await Promise.all(
      Array.from({ length: 12 }, () => reserveLoginAttempt(db, 'u1', POLICY, T)),
    );
    const granted = results.filter((r) => r !== undefined);
    expect(granted.map((r) => r.failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(granted.filter((r) => r.lockedUntil !== null)).toEqual([
      expect.objectContaining({ failures: 5, lockedUntil: T + POLICY.lockMs, passwordHash: 'scrypt$x' }),
    ]);
    expect(Number((await findUserByName(db, 'u1'))?.locked_until)).toBe(T + POLICY.lockMs);
    // Still locked a moment before the end; the count starts again once the lock has run out.
    expect(await reserveLoginAttempt(db, 'u1', POLICY, T + POLICY.lockMs - 1)).toBeUndefined();
    const after = await reserveLoginAttempt(db, 'u1', POLICY, T + POLICY.lockMs);
    expect(after).toMatchObject({ failures: 1, lockedUntil: null });
    expect(await findUserByName(db, 'u1')).toMatchObject({ failed_logins: 1, locked_until: null });
  });

  it('a right password clears the count, so only failures in a row lock', async () => {
    const { db } = current();
    const id = Number((await newUser('u2')).id);
    for (let i = 0; i < 4; i += 1) await reserveLoginAttempt(db, 'u2', POLICY, T);
    await clearFailedLogins(db, id);
    expect(await reserveLoginAttempt(db, 'u2', POLICY, T)).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('grants nothing for unknown or disabled users', async () => {
    const { db } = current();
    const id = Number((await newUser('u3')).id);
    await db.updateTable('users').set({ enabled: 0 }).where('id', '=', id).execute();
    expect(await reserveLoginAttempt(db, 'u3', POLICY, T)).toBeUndefined();
    expect(await reserveLoginAttempt(db, 'nobody', POLICY, T)).toBeUndefined();
    expect(await findUserByName(db, 'u3')).toMatchObject({ failed_logins: 0 });
  });
});
