import type { Kysely } from 'kysely';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '#rules/access/password-strength.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { deleteSessionsOfUser, revokeApiTokensOfUser } from '#store/sessions.repository.ts';
import {
  countEnabledUsersWithRoles,
  countUsers,
  findUserByName,
  insertUser,
  listRoles,
  listUsers,
  replaceUserRoles,
  rolesOfUsers,
  setPasswordHash,
} from '#store/users.repository.ts';
import type { UserRow } from '#store/users.table.ts';
import { UserError } from '../errors.ts';
import { hashPassword, randomSecret } from './password.ts';

/** Who makes a change and from where: every audit entry names both. */
export interface Actor {
  actor: string;
  origin: string;
}

/** A user as the API and CLI show it: never its password hash. */
export interface UserView {
  id: number;
  username: string;
  displayName: string;
  organisationId: string | null;
  enabled: boolean;
  /** Epoch ms until which log-in is refused, or null. */
  lockedUntil: number | null;
  roles: string[];
  createdAt: number;
  /** True until the user replaces a password an administrator set (issue 12). */
  mustChangePassword: boolean;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function userView(row: UserRow, roles: readonly string[]): UserView {
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    organisationId: row.organisation_id,
    enabled: row.enabled === 1,
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    roles: [...roles],
    createdAt: Number(row.created_at),
    mustChangePassword: Number(row.must_change_password) === 1,
  };
}

export async function listUserViews(db: Kysely<Database>): Promise<UserView[]> {
  const users = await listUsers(db);
  const roles = await rolesOfUsers(
    db,
    users.map((u) => Number(u.id)),
  );
  return users.map((u) => userView(u, roles.get(Number(u.id)) ?? []));
}

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  roles: readonly string[];
  organisationId?: string | null;
  /**
   * True when an administrator chose the password (web, CLI, the first admin): the user must replace it at first
   * log-in. Absent/false for accounts whose password is published on purpose (the demo's) and for tests.
   */
  mustChangePassword?: boolean;
}

/** Refuses a weak password for this username (see src/rules/access/password-strength.ts) with 422. */
export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new UserError('weak_password', PASSWORD_PROBLEM_MESSAGES[problem], 422);
}

/**
 * Refuses unknown roles and organisations, and organisation-scoped roles (township, department) without an
 * organisation: such a user would see nothing, which is never what the administrator meant.
 */
export async function checkRoles(
  db: Kysely<Database>,
  roleIds: readonly string[],
  organisationId: string | null,
): Promise<void> {
  const known = new Map((await listRoles(db)).map((r) => [r.id, r]));
  const unknown = roleIds.filter((r) => !known.has(r));
  if (unknown.length > 0) {
    throw new UserError(
      'unknown_role',
      `没有此角色 / no such role: ${unknown.join(', ')} (roles: ${[...known.keys()].join(', ')})`,
      422,
    );
  }
  if (organisationId === null && roleIds.some((r) => known.get(r)?.scope === 'organisation')) {
    throw new UserError(
      'organisation_required',
      '乡镇街道和部门角色需要指定所属单位 / township and department roles need an organisation (--org)',
      422,
    );
  }
  if (organisationId !== null) {
    const org = await db
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!org)
      throw new UserError(
        'unknown_organisation',
        `没有此单位 / no such organisation: ${organisationId}`,
        422,
      );
  }
}

/** Creates a user with roles; the audit entry records the user and roles, never the password. */
export async function createUser(
  db: Kysely<Database>,
  input: NewAccount,
  by: Actor,
  now: number,
): Promise<UserView> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new UserError(
      'bad_username',
      '用户名为 2–64 个小写字母、数字或 . _ - / a username is 2–64 of a-z 0-9 . _ -',
      422,
    );
  }
  checkPassword(input.password, username);
  const organisationId = input.organisationId ?? null;
  const roles = [...new Set(input.roles)].sort();
  await checkRoles(db, roles, organisationId);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    if (await findUserByName(trx, username)) {
      throw new UserError('user_exists', `用户名已存在 / username taken: ${username}`, 409);
    }
    const row = await insertUser(
      trx,
      {
        username,
        displayName: input.displayName,
        passwordHash,
        organisationId,
        mustChangePassword: input.mustChangePassword === true,
      },
      now,
    );
    await replaceUserRoles(trx, Number(row.id), roles);
    const view = userView(row, roles);
    await appendAudit(
      trx,
      { ...by, action: 'create', entity: 'user', entityId: String(view.id), after: view },
      now,
    );
    return view;
  });
}

/** The roles that grant users:admin (the ones the "last administrator" rule is about). */
export async function adminRoleIds(db: Kysely<Database>): Promise<string[]> {
  return (await listRoles(db))
    .filter((r) => (JSON.parse(r.permissions) as string[]).includes('users:admin'))
    .map((r) => r.id);
}

/** Replaces a user's roles; refuses to leave the platform without an enabled administrator. */
export async function setUserRoles(
  db: Kysely<Database>,
  username: string,
  roleIds: readonly string[],
  by: Actor,
  now: number,
): Promise<UserView> {
  const roles = [...new Set(roleIds)].sort();
  return db.transaction().execute(async (trx) => {
    const user = await findUserByName(trx, username);
    if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${username}`, 404);
    const id = Number(user.id);
    await checkRoles(trx, roles, user.organisation_id);
    const adminRoles = await adminRoleIds(trx);
    const before = (await rolesOfUsers(trx, [id])).get(id) ?? [];
    const isAdmin = (list: readonly string[]) => list.some((r) => adminRoles.includes(r));
    // Only taking administration away can strand the platform; other changes are fine even with no admin left.
    if (isAdmin(before) && !isAdmin(roles) && (await countEnabledUsersWithRoles(trx, adminRoles, id)) === 0) {
      throw new UserError(
        'last_admin',
        '不能移除最后一个管理员的管理权限 / this is the last administrator',
        409,
      );
    }
    await replaceUserRoles(trx, id, roles);
    await appendAudit(
      trx,
      {
        ...by,
        action: 'set_roles',
        entity: 'user',
        entityId: String(id),
        before: { roles: before },
        after: { roles },
      },
      now,
    );
    return userView(user, roles);
  });
}

/**
 * An administrator (the CLI) sets a new password: clears any lock-out, ends the user's sessions and revokes their
 * API tokens (a stolen session or token dies with the old password), and the user must change it at next log-in.
 */
export async function changePassword(
  db: Kysely<Database>,
  username: string,
  password: string,
  by: Actor,
  now: number,
): Promise<void> {
  checkPassword(password, username);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const user = await findUserByName(trx, username);
    if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${username}`, 404);
    await setPasswordHash(trx, Number(user.id), passwordHash, now, { mustChange: true });
    const ended = await deleteSessionsOfUser(trx, Number(user.id));
    const tokensRevoked = await revokeApiTokensOfUser(trx, Number(user.id), now);
    await appendAudit(
      trx,
      {
        ...by,
        action: 'change_password',
        entity: 'user',
        entityId: String(user.id),
        detail: { sessionsEnded: ended, tokensRevoked },
      },
      now,
    );
  });
}

/** A generated password: 24 random bytes, URL-safe (32 characters). */
export const generatePassword = (): string => randomSecret(24);

/**
 * On first start (no user at all) creates `admin` with the office-admin role and a random password, and returns
 * the password so start-up can print it once; later starts return undefined. A second instance racing the first
 * trips the unique username and is treated as "already done".
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  now: number,
): Promise<{ username: string; password: string } | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  const password = generatePassword();
  try {
    await createUser(
      db,
      // Printed once to whoever started the platform (and kept in their terminal's scroll-back): replaced at
      // first log-in.
      {
        username: 'admin',
        displayName: '系统管理员',
        password,
        roles: ['office-admin'],
        mustChangePassword: true,
      },
      { actor: 'system', origin: 'first start' },
      now,
    );
  } catch (err) {
    // Another instance created it between our count and our insert (its unique constraint or our check).
    if (await findUserByName(db, 'admin')) return undefined;
    throw err;
  }
  return { username: 'admin', password };
}
