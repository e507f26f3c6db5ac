import type { Kysely } from 'kysely';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { reserveLoginAttempt } from '#store/login-attempts.repository.ts';
import { clearFailedLogins, findUserByName } from '#store/users.repository.ts';
import { hashPassword, randomSecret, verifyPassword } from './password.ts';

export interface LockoutPolicy {
  /** Failed log-ins in a row that lock the account. */
  maxFailures: number;
  /** How long a lock lasts (ms). */
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

/** Why a log-in failed — for the log and the tests only; the client always gets the same answer. */
export type LoginFailure = 'unknown_user' | 'wrong_password' | 'locked' | 'disabled';

export type LoginResult =
  | { ok: true; userId: number; username: string }
  | { ok: false; reason: LoginFailure };

export interface Authenticator {
  authenticate(username: string, password: string, origin: string): Promise<LoginResult>;
}

/**
 * Checks a username and password with lock-out: `maxFailures` wrong passwords in a row lock the account for
 * `lockMs` (users.failed_logins / locked_until). The attempt is counted in the database BEFORE the password is
 * verified (reserveLoginAttempt), so concurrent guesses from any number of addresses cannot verify more than
 * `maxFailures` passwords per lock period; a right password clears the count. While locked even the right
 * password is refused, and further attempts neither count nor extend the lock (so a stranger cannot keep a user
 * locked out forever by guessing). Unknown, disabled and locked users cost one scrypt verification too, so
 * timing does not tell which usernames exist.
 */
export function createAuthenticator(
  db: Kysely<Database>,
  now: () => number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): Authenticator {
  let dummyHash: Promise<string> | undefined;
  const dummy = () => {
    dummyHash ??= hashPassword(randomSecret());
    return dummyHash;
  };

  /** Why no attempt was granted (for the log only), after a dummy verification of the same cost. */
  const refused = async (username: string, password: string): Promise<LoginResult> => {
    await verifyPassword(password, await dummy());
    const user = await findUserByName(db, username);
    if (!user) return { ok: false, reason: 'unknown_user' };
    // Enabled and known, yet no attempt granted: it was locked (the lock may have run out since).
    return { ok: false, reason: user.enabled !== 1 ? 'disabled' : 'locked' };
  };

  return {
    async authenticate(rawUsername, password, origin) {
      const username = rawUsername.trim().toLowerCase();
      const at = now();
      const attempt = await reserveLoginAttempt(db, username, policy, at);
      if (!attempt) return refused(username, password);
      if (await verifyPassword(password, attempt.passwordHash)) {
        await clearFailedLogins(db, attempt.id);
        return { ok: true, userId: attempt.id, username: attempt.username };
      }
      const entry = { actor: username, origin, entity: 'user', entityId: String(attempt.id) };
      const { failures, lockedUntil } = attempt;
      await appendAudit(
        db,
        lockedUntil !== null
          ? { ...entry, action: 'lock', detail: { failures, lockedUntil } }
          : { ...entry, action: 'login_failed', detail: { failures } },
        at,
      );
      return { ok: false, reason: 'wrong_password' };
    },
  };
}
