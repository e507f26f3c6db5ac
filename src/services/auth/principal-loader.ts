import type { Kysely } from 'kysely';
import type { Principal } from '#rules/access/principal.ts';
import { PERMISSIONS, type Permission, type RoleDefinition } from '#rules/access/roles.ts';
import type { Database } from '#store/database.ts';
import { findUserById, roleRowsOfUser } from '#store/users.repository.ts';
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
}

/** Loads a user as a Principal; undefined for an unknown or disabled user. */
export async function loadPrincipal(
  db: Kysely<Database>,
  userId: number,
): Promise<LoadedPrincipal | undefined> {
  const user = await findUserById(db, userId);
  if (user?.enabled !== 1) return undefined;
  const roles = (await roleRowsOfUser(db, userId)).map(roleFromRow);
  return {
    userId: Number(user.id),
    username: user.username,
    displayName: user.display_name,
    roles,
    organisationId: user.organisation_id,
  };
}
