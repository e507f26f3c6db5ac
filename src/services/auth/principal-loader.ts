import type { Kysely } from 'kysely';
import type { Principal } from '#rules/access/principal.ts';
import { PERMISSIONS, type Permission, type RoleDefinition } from '#rules/access/roles.ts';
import type { Database } from '#store/database.ts';
import { findRole, findUserById, roleRowsOfUser, siteIdsOfUser } from '#store/users.repository.ts';
import type { RoleRow } from '#store/users.table.ts';

const KNOWN = new Set<string>(PERMISSIONS);

/**
 * A role as stored → the rules' RoleDefinition. Permissions the code does not know (a typo by an administrator, a
 * permission of a newer version) are dropped rather than trusted: unknown text must never grant anything.
 */
export function roleFromRow(row: RoleRow): RoleDefinition {
  let stored: unknown;
  try {
    stored = JSON.parse(row.permissions);
  } catch {
    stored = [];
  }
  const permissions = Array.isArray(stored)
    ? stored.filter((p): p is Permission => typeof p === 'string' && KNOWN.has(p))
    : [];
  return { id: row.id, nameZh: row.name_zh, nameEn: row.name_en, scope: row.scope, permissions };
}

/** The signed-in user with the roles they hold now (read on each request, so role changes apply at once). */
export interface LoadedPrincipal extends Principal {
  displayName: string;
  /** The user's own sites (enterprise outlets, an inspector's assigned sites) from user_sites. */
  siteIds: readonly number[];
  /** True while the user must replace a password an administrator set (issue 12); the API then lets them do
   * nothing else (password-change-gate.ts). Always false for the anonymous principal. */
  mustChangePassword?: boolean;
}

/** The public role as stored (an administrator may have changed it); undefined if it was deleted. */
export async function loadPublicRole(db: Kysely<Database>): Promise<RoleDefinition | undefined> {
  const row = await findRole(db, PUBLIC_ROLE_ID);
  return row && roleFromRow(row);
}

export const PUBLIC_ROLE_ID = 'public';

/** Whoever calls without signing in: nothing but the public role. */
export async function anonymousPrincipal(db: Kysely<Database>): Promise<LoadedPrincipal> {
  const everyone = await loadPublicRole(db);
  return {
    userId: 0,
    username: 'anonymous',
    displayName: '访客',
    roles: [],
    organisationId: null,
    siteIds: [],
    ...(everyone ? { everyone } : {}),
  };
}

/** Loads a user as a Principal; undefined for an unknown or disabled user. */
export async function loadPrincipal(
  db: Kysely<Database>,
  userId: number,
): Promise<LoadedPrincipal | undefined> {
  const user = await findUserById(db, userId);
  if (user?.enabled !== 1) return undefined;
  const [roleRows, siteIds, everyone] = await Promise.all([
    roleRowsOfUser(db, userId),
    siteIdsOfUser(db, userId),
    loadPublicRole(db),
  ]);
  return {
    userId: Number(user.id),
    username: user.username,
    displayName: user.display_name,
    roles: roleRows.map(roleFromRow),
    organisationId: user.organisation_id,
    siteIds,
    mustChangePassword: Number(user.must_change_password) === 1,
    ...(everyone ? { everyone } : {}),
  };
}
