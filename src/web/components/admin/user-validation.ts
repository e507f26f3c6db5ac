import type { RoleBody } from '../../api.ts';
import type { MessageKey } from '../../i18n.ts';

/** The new-user and edit-user forms' rules (the server's own, checked first to show them beside each field). */

export interface UserFields {
  username: string;
  displayName: string;
  password: string;
  organisationId: string | null;
  roles: string[];
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** The server's rules, checked before sending so the form can say what is wrong next to the field. */
export function validateUser(
  f: Partial<UserFields>,
  roles: readonly RoleBody[],
): Partial<Record<keyof UserFields, MessageKey>> {
  const errors: Partial<Record<keyof UserFields, MessageKey>> = {};
  if (f.username !== undefined && !USERNAME.test(f.username.trim().toLowerCase()))
    errors.username = 'v.username';
  if (f.displayName !== undefined && f.displayName.trim() === '') errors.displayName = 'v.displayName';
  if (f.password !== undefined && [...f.password].length < 10) errors.password = 'v.password';
  if (f.roles !== undefined && f.roles.length === 0) errors.roles = 'v.roles';
  const scoped = roles.filter((r) => r.scope === 'organisation').map((r) => r.id);
  if (f.roles?.some((r) => scoped.includes(r)) && (f.organisationId ?? null) === null) {
    errors.organisationId = 'v.organisation';
  }
  return errors;
}

/** A random password of 16 URL-safe characters (12 random bytes) for the administrator to hand over. */
export function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}
