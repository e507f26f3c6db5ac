import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { RoleRow, UserRow } from './users.table.ts';

/** Users, their roles and the roles table. Secrets (password hashes) stay in UserRow and never leave services. */

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  organisationId?: string | null;
  /** The user must choose their own password at first log-in (an administrator set this one). */
  mustChangePassword?: boolean;
}

export async function insertUser(db: Kysely<Database>, user: NewUser, now: number): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      organisation_id: user.organisationId ?? null,
      enabled: 1,
      failed_logins: 0,
      locked_until: null,
      must_change_password: user.mustChangePassword ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findUserByName(db: Kysely<Database>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Stores a new password hash, clears any lock-out, and sets whether the user must change it at next log-in
 * (true when an administrator chose it, false when the user did).
 */
export async function setPasswordHash(
  db: Kysely<Database>,
  userId: number,
  passwordHash: string,
  now: number,
  options: { mustChange: boolean },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      failed_logins: 0,
      locked_until: null,
      must_change_password: options.mustChange ? 1 : 0,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}

/** After a right password: the count of failures in a row starts again, and any lock is lifted. */
export async function clearFailedLogins(db: Kysely<Database>, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}

export async function listRoles(db: Kysely<Database>): Promise<RoleRow[]> {
  return db.selectFrom('roles').selectAll().orderBy('id').execute();
}

/** Role ids per user id (users without roles are absent). */
export async function rolesOfUsers(
  db: Kysely<Database>,
  userIds: readonly number[],
): Promise<Map<number, string[]>> {
  const byUser = new Map<number, string[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role_id'])
    .where('user_id', 'in', [...userIds])
    .orderBy('role_id')
    .execute();
  for (const r of rows) {
    const list = byUser.get(Number(r.user_id)) ?? [];
    list.push(r.role_id);
    byUser.set(Number(r.user_id), list);
  }
  return byUser;
}

/** The role rows a user holds (permissions still as JSON text). */
export async function roleRowsOfUser(db: Kysely<Database>, userId: number): Promise<RoleRow[]> {
  return db
    .selectFrom('roles')
    .innerJoin('user_roles', 'user_roles.role_id', 'roles.id')
    .selectAll('roles')
    .where('user_roles.user_id', '=', userId)
    .orderBy('roles.id')
    .execute();
}

/** Replaces the user's roles with exactly `roleIds`. Run inside a transaction with its audit entry. */
export async function replaceUserRoles(
  db: Kysely<Database>,
  userId: number,
  roleIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roleIds.length === 0) return;
  await db
    .insertInto('user_roles')
    .values([...new Set(roleIds)].map((role_id) => ({ user_id: userId, role_id })))
    .execute();
}

/** Enabled users other than `exceptUserId` holding a role that grants `permission` (e.g. the last admin check). */
export async function countEnabledUsersWithRoles(
  db: Kysely<Database>,
  roleIds: readonly string[],
  exceptUserId: number,
): Promise<number> {
  if (roleIds.length === 0) return 0;
  const row = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select((eb) => eb.fn.count<number>('users.id').distinct().as('n'))
    .where('users.enabled', '=', 1)
    .where('users.id', '!=', exceptUserId)
    .where('user_roles.role_id', 'in', [...roleIds])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes a user's enabled flag, display name or organisation; returns the updated row (undefined if unknown). */
export async function updateUserFields(
  db: Kysely<Database>,
  userId: number,
  fields: { enabled?: boolean; displayName?: string; organisationId?: string | null },
  now: number,
): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({
      ...(fields.enabled !== undefined ? { enabled: fields.enabled ? 1 : 0 } : {}),
      ...(fields.displayName !== undefined ? { display_name: fields.displayName } : {}),
      ...(fields.organisationId !== undefined ? { organisation_id: fields.organisationId } : {}),
      updated_at: now,
    })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** The sites a user is tied to (an enterprise user's outlets, an inspector's assigned sites), by id. */
export async function siteIdsOfUser(db: Kysely<Database>, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_sites')
    .select('site_id')
    .where('user_id', '=', userId)
    .orderBy('site_id')
    .execute();
  return rows.map((r) => Number(r.site_id));
}

/** Replaces the user's sites with exactly `siteIds`. Run inside a transaction with its audit entry. */
export async function replaceUserSites(
  db: Kysely<Database>,
  userId: number,
  siteIds: readonly number[],
): Promise<void> {
  await db.deleteFrom('user_sites').where('user_id', '=', userId).execute();
  if (siteIds.length > 0) {
    await db
      .insertInto('user_sites')
      .values(siteIds.map((site_id) => ({ user_id: userId, site_id })))
      .execute();
  }
}

/** One role row by id. */
export async function findRole(db: Kysely<Database>, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}
