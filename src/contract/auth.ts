import { z } from 'zod';

/** Accounts: log-in, the signed-in user, user administration. Passwords go in, never out. */

export const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});

export const userBody = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  /** Township (GB/T 2260 code) or department (dept.*) the user works for; null = district-wide. */
  organisationId: z.string().nullable(),
  enabled: z.boolean(),
  /** Epoch ms until which log-in is refused after repeated failures, or null. */
  lockedUntil: z.number().nullable(),
  roles: z.array(z.string()),
  createdAt: z.number(),
  /** True until the user replaces a password an administrator set (at creation or a reset). */
  mustChangePassword: z.boolean(),
});

export const roleBody = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  scope: z.string(),
  permissions: z.array(z.string()),
});
export type UserBody = z.infer<typeof userBody>;
export type RoleBody = z.infer<typeof roleBody>;
/** GET /api/users: the users and the roles there are. */
export const usersBody = z.object({ users: z.array(userBody), roles: z.array(roleBody) });
export type UsersBody = z.infer<typeof usersBody>;

/** GET /api/auth/me and the answer to a log-in. csrfToken only for cookie sessions. */
export const meBody = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    organisationId: z.string().nullable(),
  }),
  roles: z.array(roleBody),
  permissions: z.array(z.string()),
  /** Send it back as the X-CSRF-Token header on every POST/PUT/PATCH/DELETE of this session. */
  csrfToken: z.string().optional(),
  via: z.enum(['session', 'token']),
  /**
   * True while the user must replace a password an administrator set: until then every other API call answers
   * 403 password_change_required (only /api/auth/session, /api/auth/me, /api/auth/password and log-out work).
   */
  mustChangePassword: z.boolean().optional(),
});
export type MeBody = z.infer<typeof meBody>;

export const createUserBody = z.object({
  username: z.string().min(2).max(64),
  displayName: z.string().min(1).max(100),
  password: z.string().min(1).max(1024),
  roles: z.array(z.string().min(1)).max(20).default([]),
  organisationId: z.string().min(1).nullable().optional(),
});

export type CreateUserBody = z.input<typeof createUserBody>;

export const setRolesBody = z.object({ roles: z.array(z.string().min(1)).max(20) });

export const userIdParam = z.object({ id: z.coerce.number().int().min(1) });

/** PATCH /api/users/{id}: any of the fields; disabling ends the user's sessions and revokes its API tokens. */
export const updateUserBody = z
  .object({
    enabled: z.boolean().optional(),
    displayName: z.string().trim().min(1).max(100).optional(),
    /** null = district-wide; refused while the user holds a township or department role. */
    organisationId: z.string().min(1).nullable().optional(),
  })
  .refine((b) => b.enabled !== undefined || b.displayName !== undefined || b.organisationId !== undefined, {
    message: '至少修改一项 / change at least one of enabled, displayName, organisationId',
  });
export type UpdateUserBody = z.infer<typeof updateUserBody>;

/** POST /api/users/{id}/password: a given password (strength rules apply), or none for a generated one. */
export const resetPasswordBody = z.object({ password: z.string().min(1).max(1024).optional() });

export const resetPasswordResult = z.object({
  user: userBody,
  /** The generated password, shown this once; null when the administrator chose it. */
  generatedPassword: z.string().nullable(),
});
export type ResetPasswordResult = z.infer<typeof resetPasswordResult>;

/** POST /api/auth/password: the signed-in user's own password change. */
export const changeOwnPasswordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});
export type ChangeOwnPasswordBody = z.infer<typeof changeOwnPasswordBody>;

/** The answer to an own password change: how many other sessions of the user were ended. */
export const passwordChangedBody = z.object({ otherSessionsEnded: z.number().int() });
export type PasswordChangedBody = z.infer<typeof passwordChangedBody>;

/** An API token as listed: never its secret or hash. */
export const tokenBody = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  /** Epoch ms after which the token is refused; null = until revoked. */
  expiresAt: z.number().nullable(),
});
export type TokenBody = z.infer<typeof tokenBody>;

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** Days until the token is refused (1–3650); absent = until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** The answer to creating a token: `secret` is shown this once and stored only as its hash. */
export const createdTokenBody = z.object({ token: tokenBody, secret: z.string() });
export type CreatedTokenBody = z.infer<typeof createdTokenBody>;

export const tokenIdParam = z.object({ id: z.coerce.number().int().min(1) });

/** GET /api/auth/session: who is signed in, or null, always 200 (the dashboard asks on every page load). */
export const sessionBody = z.object({ me: meBody.nullable() });
export type SessionBody = z.infer<typeof sessionBody>;

/** GET /api/tokens and GET /api/users/{id}/tokens (users:admin). */
export const tokenListBody = z.object({ tokens: z.array(tokenBody) });
export type TokenListBody = z.infer<typeof tokenListBody>;

/** DELETE /api/users/{id}/tokens (users:admin): the ids of the tokens revoked by this call. */
export const revokedTokensBody = z.object({ revoked: z.array(z.number().int()) });
export type RevokedTokensBody = z.infer<typeof revokedTokensBody>;

/** GET and PUT /api/users/{id}/sites: a user's own sites (enterprise outlets, an inspector's sites) by code. */
export const userSitesBody = z.object({ userId: z.number().int(), sites: z.array(z.string()) });
export type UserSitesBody = z.infer<typeof userSitesBody>;
export const setUserSitesBody = z.object({ sites: z.array(z.string().min(1)).max(500) });
