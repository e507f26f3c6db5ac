import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * Lock-out bookkeeping done before a password is checked, so concurrent guesses cannot exceed the policy.
 *
 * The attempt is counted as a failure FIRST, by one conditional UPDATE … RETURNING (atomic on SQLite, a single
 * writer, and on PostgreSQL, where a concurrent UPDATE of the same row waits and re-checks the WHERE against
 * the committed row). The attempt that reaches `maxFailures` sets the lock in the same statement. Only an
 * attempt that got a row back may verify its password; a right password then clears the count
 * (clearFailedLogins). So at most `maxFailures` passwords are ever verified per lock period, whatever the
 * number of addresses or concurrent requests. A process dying between reservation and verification leaves at
 * worst a count one too high, and a lock always expires (it is set in the same statement as the count).
 */

export interface AttemptPolicy {
  maxFailures: number;
  lockMs: number;
}

export interface ReservedAttempt {
  id: number;
  username: string;
  passwordHash: string;
  /** Failures counted so far, this attempt included. */
  failures: number;
  /** Set when this attempt is the one that locked the account. */
  lockedUntil: number | null;
}

/**
 * Counts one attempt for an enabled, unlocked user and returns what is needed to verify it; undefined when the
 * user is unknown, disabled or locked (the caller tells which apart, for its log only).
 */
export async function reserveLoginAttempt(
  db: Kysely<Database>,
  username: string,
  policy: AttemptPolicy,
  now: number,
): Promise<ReservedAttempt | undefined> {
  const row = await db
    .updateTable('users')
    .set((eb) => {
      // A lock that is still set here has expired (the WHERE refuses live ones): the count starts again at 1.
      const next = eb
        .case()
        .when('locked_until', 'is', null)
        .then(eb('failed_logins', '+', 1))
        .else(1)
        .end();
      return {
        failed_logins: next,
        locked_until: eb
          .case()
          .when(next, '>=', policy.maxFailures)
          .then(now + policy.lockMs)
          .else(null)
          .end(),
      };
    })
    .where('username', '=', username)
    .where('enabled', '=', 1)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['id', 'username', 'password_hash', 'failed_logins', 'locked_until'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    failures: Number(row.failed_logins),
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
  };
}
