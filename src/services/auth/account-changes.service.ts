import type { Kysely } from 'kysely';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { deleteSessionsOfUser, revokeApiTokensOfUser } from '#store/sessions.repository.ts';
import {
  countEnabledUsersWithRoles,
  findUserById,
  rolesOfUsers,
  setPasswordHash,
  updateUserFields,
} from '#store/users.repository.ts';
import { UserError } from '../errors.ts';
import {
  type Actor,
  adminRoleIds,
  checkPassword,
  checkRoles,
  generatePassword,
  type UserView,
  userView,
} from './accounts.service.ts';
import { hashPassword } from './password.ts';

/** Administrators' changes to an existing account: enable/disable, name, organisation, password reset. */

export interface UserChanges {
  enabled?: boolean;
  displayName?: string;
  /** null = district-wide. */
  organisationId?: string | null;
}

/** The administrator making the change, when it is a user of the platform (HTTP); the CLI has none. */
export interface ChangeOptions {
  actingUserId?: number;
}

const unknownUser = (id: number) => new UserError('unknown_user', `没有此用户 / no such user: ${id}`, 404);

/**
 * Changes a user's enabled flag, display name or organisation, audited before → after (only the fields that
 * change). Disabling ends the user's web sessions and revokes their API tokens at once (the audit entry names
 * them): an account is disabled when someone leaves or is suspected, and re-enabling it months later must not
 * silently revive scripts' tokens nobody remembers — the user makes new ones.
 * Refused: an administrator disabling themself, disabling the last enabled administrator, and an organisation
 * change that would leave a township or department role without an organisation.
 */
export async function updateUser(
  db: Kysely<Database>,
  userId: number,
  changes: UserChanges,
  by: Actor,
  now: number,
  options: ChangeOptions = {},
): Promise<UserView> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw unknownUser(userId);
    const roles = (await rolesOfUsers(trx, [userId])).get(userId) ?? [];
    const before = userView(user, roles);
    const disabling = changes.enabled === false && before.enabled;
    if (disabling) {
      if (options.actingUserId === userId) {
        throw new UserError('self_disable', '不能停用自己的账号 / you cannot disable your own account', 409);
      }
      const adminRoles = await adminRoleIds(trx);
      if (
        roles.some((r) => adminRoles.includes(r)) &&
        (await countEnabledUsersWithRoles(trx, adminRoles, userId)) === 0
      ) {
        throw new UserError(
          'last_admin',
          '不能停用最后一个管理员 / this is the last enabled administrator',
          409,
        );
      }
    }
    if (changes.organisationId !== undefined && changes.organisationId !== before.organisationId) {
      await checkRoles(trx, roles, changes.organisationId);
    }
    const row = await updateUserFields(trx, userId, changes, now);
    if (!row) throw unknownUser(userId);
    const after = userView(row, roles);
    const changed = (['enabled', 'displayName', 'organisationId'] as const).filter(
      (k) => before[k] !== after[k],
    );
    if (changed.length === 0) return after;
    const sessionsEnded = disabling ? await deleteSessionsOfUser(trx, userId) : 0;
    const tokensRevoked = disabling ? await revokeApiTokensOfUser(trx, userId, now) : [];
    const pick = (v: UserView) => Object.fromEntries(changed.map((k) => [k, v[k]]));
    const action =
      changed.length === 1 && changed[0] === 'enabled' ? (after.enabled ? 'enable' : 'disable') : 'update';
    await appendAudit(
      trx,
      {
        ...by,
        action,
        entity: 'user',
        entityId: String(userId),
        before: pick(before),
        after: pick(after),
        ...(disabling ? { detail: { sessionsEnded, tokensRevoked } } : {}),
      },
      now,
    );
    return after;
  });
}

/**
 * An administrator sets a new password for a user: the one given (strength rules apply) or a generated one,
 * returned here once; the user must change it at next log-in. Clears any lock-out, ends the user's sessions and revokes their API tokens (a reset
 * follows a forgotten or a leaked password, and a token made with a leaked one is as leaked); audited without
 * the password, naming the tokens revoked.
 */
export async function resetPassword(
  db: Kysely<Database>,
  userId: number,
  given: string | undefined,
  by: Actor,
  now: number,
): Promise<{ user: UserView; generatedPassword: string | null }> {
  const password = given ?? generatePassword();
  const existing = await findUserById(db, userId);
  if (!existing) throw unknownUser(userId);
  checkPassword(password, existing.username);
  const passwordHash = await hashPassword(password);
  const user = await db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, userId);
    if (!row) throw unknownUser(userId);
    const wasLocked = row.locked_until !== null && Number(row.locked_until) > now;
    // The administrator knows this password: the user must replace it at next log-in (issue 12).
    await setPasswordHash(trx, userId, passwordHash, now, { mustChange: true });
    const sessionsEnded = await deleteSessionsOfUser(trx, userId);
    const tokensRevoked = await revokeApiTokensOfUser(trx, userId, now);
    await appendAudit(
      trx,
      {
        ...by,
        action: 'reset_password',
        entity: 'user',
        entityId: String(userId),
        detail: { generated: given === undefined, sessionsEnded, tokensRevoked, lockCleared: wasLocked },
      },
      now,
    );
    const roles = (await rolesOfUsers(trx, [userId])).get(userId) ?? [];
    return userView(
      { ...row, failed_logins: 0, locked_until: null, must_change_password: 1, updated_at: now },
      roles,
    );
  });
  return { user, generatedPassword: given === undefined ? password : null };
}
