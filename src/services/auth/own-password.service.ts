import type { Kysely } from 'kysely';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { reserveLoginAttempt } from '#store/login-attempts.repository.ts';
import { deleteOtherSessionsOfUser } from '#store/sessions.repository.ts';
import { clearFailedLogins, findUserById, setPasswordHash } from '#store/users.repository.ts';
import { UserError } from '../errors.ts';
import type { Actor } from './accounts.service.ts';
import { checkPassword } from './accounts.service.ts';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from './authenticate.ts';
import { hashPassword, verifyPassword } from './password.ts';

/** A signed-in user replaces their own password (issue 12). */

export interface OwnPasswordChange {
  userId: number;
  /** The session making the change (its id, the hash of its cookie): it stays, every other one ends. */
  keepSessionId: string;
  currentPassword: string;
  newPassword: string;
}

export type OwnPasswordResult =
  | { ok: true; otherSessionsEnded: number }
  /** The current password was wrong (counted against the lock-out like a failed log-in). */
  | { ok: false; reason: 'wrong_password' }
  /** The account is locked by earlier failures: nothing was checked. `retryAfterS` until the lock ends. */
  | { ok: false; reason: 'locked'; retryAfterS: number };

/**
 * Checks the current password and sets the new one. The new one is checked first by the strength rules (422,
 * no attempt spent). The current one is checked as a log-in is: the attempt is counted BEFORE the password is
 * verified (reserveLoginAttempt), so a stolen session cannot be used to guess the password faster than the log-in
 * form allows, and the failures of both add up to the same lock. A right current password clears the count.
 * On success: the hash is replaced, the "must change" flag cleared, every other session of the user ends (a
 * session opened with the old password by someone else dies), the caller's stays; audited (never a password).
 * API tokens stay: they are credentials of their own, listed and revocable on the account page, and an
 * administrator's reset (which sets the flag) has already revoked them.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  change: OwnPasswordChange,
  by: Actor,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): Promise<OwnPasswordResult> {
  const user = await findUserById(db, change.userId);
  if (user?.enabled !== 1) throw new UserError('unknown_user', '没有此用户 / no such user', 404);
  checkPassword(change.newPassword, user.username);
  const attempt = await reserveLoginAttempt(db, user.username, policy, now);
  if (!attempt) {
    const until = user.locked_until === null ? now : Number(user.locked_until);
    return { ok: false, reason: 'locked', retryAfterS: Math.max(1, Math.ceil((until - now) / 1000)) };
  }
  if (!(await verifyPassword(change.currentPassword, attempt.passwordHash))) {
    const { failures, lockedUntil } = attempt;
    const entry = { ...by, entity: 'user', entityId: String(user.id) };
    const detail = { failures, during: 'password_change' };
    await appendAudit(
      db,
      lockedUntil !== null
        ? { ...entry, action: 'lock', detail: { ...detail, lockedUntil } }
        : { ...entry, action: 'login_failed', detail },
      now,
    );
    return { ok: false, reason: 'wrong_password' };
  }
  if (await verifyPassword(change.newPassword, attempt.passwordHash)) {
    await clearFailedLogins(db, attempt.id);
    throw new UserError(
      'same_password',
      '新密码不能与当前密码相同 / the new password must differ from the current one',
      422,
    );
  }
  const passwordHash = await hashPassword(change.newPassword);
  const otherSessionsEnded = await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, attempt.id, passwordHash, now, { mustChange: false });
    const ended = await deleteOtherSessionsOfUser(trx, attempt.id, change.keepSessionId);
    await appendAudit(
      trx,
      {
        ...by,
        action: 'change_password',
        entity: 'user',
        entityId: String(attempt.id),
        detail: {
          own: true,
          otherSessionsEnded: ended,
          wasRequired: Number(user.must_change_password) === 1,
        },
      },
      now,
    );
    return ended;
  });
  return { ok: true, otherSessionsEnded };
}
