import type { Generated, Selectable } from 'kysely';
import type { Scope } from '#rules/access/roles.ts';

export interface RolesTable {
  id: string;
  name_zh: string;
  name_en: string;
  scope: Scope;
  /** JSON array of permission strings. */
  permissions: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** scrypt$N$r$p$salt$hash */
  password_hash: string;
  /** Township or department the user works for; null for district-wide users. */
  organisation_id: string | null;
  enabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  /** 1 while the user must replace a password an administrator set (migration 0011); 0 otherwise. */
  must_change_password: Generated<number>;
}

export interface UserRolesTable {
  user_id: number;
  role_id: string;
}

/** Sites an enterprise user owns or an inspector is assigned to. */
export interface UserSitesTable {
  user_id: number;
  site_id: number;
}

/** A web session, stored by the SHA-256 of its cookie token. */
export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  origin: string | null;
  created_at: number;
  expires_at: number;
}

/** An API token for integrations and the CLI, stored by its SHA-256. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** Epoch ms after which the token is refused; null = until revoked (migration 0006). */
  expires_at: number | null;
}

export type UserRow = Selectable<UsersTable>;
export type RoleRow = Selectable<RolesTable>;
