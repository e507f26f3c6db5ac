import type { Kysely } from 'kysely';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { clearFailedLogins, findUserByName, lockUser, recordFailedLogin } from '#store/users.repository.ts';
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
 * `lockMs` (users.failed_logins / locked_until). While locked even the right password is refused, and further
 * attempts neither count nor extend the lock (so a stranger cannot keep a user locked out forever by guessing).
 * Unknown users cost one scrypt verification too, so timing does not tell which usernames exist.
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

  return {
    async authenticate(rawUsername, password, origin) {
      const username = rawUsername.trim().toLowerCase();
      const user = await findUserByName(db, username);
      if (!user) {
        await verifyPassword(password, await dummy());
        return { ok: false, reason: 'unknown_user' };
      }
      const id = Number(user.id);
      const at = now();
      if (user.locked_until !== null && Number(user.locked_until) > at) {
        await verifyPassword(password, await dummy());
        return { ok: false, reason: 'locked' };
      }
      const valid = await verifyPassword(password, user.password_hash);
      if (user.enabled !== 1) return { ok: false, reason: 'disabled' };
      if (valid) {
        if (user.failed_logins !== 0 || user.locked_until !== null) await clearFailedLogins(db, id);
        return { ok: true, userId: id, username: user.username };
      }
      await db.transaction().execute(async (trx) => {
        const failures = await recordFailedLogin(trx, id);
        const entry = { actor: username, origin, entity: 'user', entityId: String(id) };
        if (failures >= policy.maxFailures) {
          const until = at + policy.lockMs;
          await lockUser(trx, id, until);
          await appendAudit(trx, { ...entry, action: 'lock', detail: { failures, lockedUntil: until } }, at);
        } else {
          await appendAudit(trx, { ...entry, action: 'login_failed', detail: { failures } }, at);
        }
      });
      return { ok: false, reason: 'wrong_password' };
    },
  };
}
