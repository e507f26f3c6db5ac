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
});

export const roleBody = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  scope: z.string(),
  permissions: z.array(z.string()),
});

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
});
export type MeBody = z.infer<typeof meBody>;

export const createUserBody = z.object({
  username: z.string().min(2).max(64),
  displayName: z.string().min(1).max(100),
  password: z.string().min(1).max(1024),
  roles: z.array(z.string().min(1)).max(20).default([]),
  organisationId: z.string().min(1).nullable().optional(),
});

export const setRolesBody = z.object({ roles: z.array(z.string().min(1)).max(20) });

export const userIdParam = z.object({ id: z.coerce.number().int().min(1) });
