import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import {
  type ApiTokenRow,
  deleteExpiredSessions,
  deleteSession,
  findActiveApiToken,
  findApiToken,
  findLiveSession,
  insertApiToken,
  insertSession,
  listApiTokens,
  revokeApiToken,
  type SessionRow,
  touchApiToken,
} from '#store/sessions.repository.ts';
import { findUserByName } from '#store/users.repository.ts';
import { UserError } from '../errors.ts';
import type { Actor } from './accounts.service.ts';
import { randomSecret } from './password.ts';

/** Sessions last a working day; after that the user signs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** last_used_at is written at most once a minute per token, not on every request. */
const TOUCH_EVERY_MS = 60_000;
/** API tokens carry a prefix so secret scanners and people can recognise a leaked one. */
const TOKEN_PREFIX = 'qs_';

/** SHA-256 (hex) of a secret: what sessions and tokens are stored and looked up by. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface NewSession {
  /** The cookie value: shown to the browser once, stored only as its hash. */
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/** Starts a session for a user who just proved their password; also clears expired sessions. */
export async function createSession(
  db: Kysely<Database>,
  user: { userId: number; username: string },
  origin: string,
  now: number,
): Promise<NewSession> {
  const token = randomSecret(32);
  const csrfToken = randomSecret(24);
  const expiresAt = now + SESSION_TTL_MS;
  await db.transaction().execute(async (trx) => {
    await deleteExpiredSessions(trx, now);
    await insertSession(trx, {
      id: secretHash(token),
      user_id: user.userId,
      csrf_token: csrfToken,
      origin,
      created_at: now,
      expires_at: expiresAt,
    });
    await appendAudit(
      trx,
      { actor: user.username, origin, action: 'login', entity: 'user', entityId: String(user.userId) },
      now,
    );
  });
  return { token, csrfToken, expiresAt };
}

export function findSession(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<SessionRow | undefined> {
  return findLiveSession(db, secretHash(token), now);
}

/** Ends a session (log-out); unknown or expired tokens are ignored. */
export async function endSession(db: Kysely<Database>, token: string, by: Actor, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const session = await findLiveSession(trx, secretHash(token), now);
    if (!session) return;
    await deleteSession(trx, session.id);
    await appendAudit(
      trx,
      { ...by, action: 'logout', entity: 'user', entityId: String(session.user_id) },
      now,
    );
  });
}

/** An API token as listed: never its secret or hash. */
export interface ApiTokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** Epoch ms after which it is refused; null = until revoked. */
  expiresAt: number | null;
}

export const tokenView = (r: ApiTokenRow): ApiTokenView => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  name: r.name,
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
});

/** The longest lifetime a token may be given, in days (ten years). */
export const MAX_TOKEN_DAYS = 3650;

/** Creates an API token for a user; the secret is returned here once and never again. */
export async function createApiToken(
  db: Kysely<Database>,
  input: { username: string; name: string; expiresInDays?: number | undefined },
  by: Actor,
  now: number,
): Promise<{ token: string; view: ApiTokenView }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new UserError('bad_token_name', '令牌名称为 1–100 个字符 / a token name is 1–100 characters', 422);
  }
  const days = input.expiresInDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= MAX_TOKEN_DAYS)) {
    throw new UserError(
      'bad_token_expiry',
      `有效期为 1–${MAX_TOKEN_DAYS} 天 / a token lives 1–${MAX_TOKEN_DAYS} days`,
      422,
    );
  }
  const expiresAt = days === undefined ? null : now + days * 86_400_000;
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const view = await db.transaction().execute(async (trx) => {
    const user = await findUserByName(trx, input.username.trim().toLowerCase());
    if (!user) throw new UserError('unknown_user', `没有此用户 / no such user: ${input.username}`, 404);
    const row = tokenView(
      await insertApiToken(
        trx,
        { userId: Number(user.id), name, tokenHash: secretHash(token), expiresAt },
        now,
      ),
    );
    await appendAudit(
      trx,
      { ...by, action: 'create', entity: 'api_token', entityId: String(row.id), after: row },
      now,
    );
    return row;
  });
  return { token, view };
}

/** The live token for a secret (and notes its use), or undefined when unknown, revoked or expired. */
export async function findApiTokenBySecret(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<ApiTokenRow | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await findActiveApiToken(db, secretHash(token), now);
  if (row && (row.last_used_at === null || now - Number(row.last_used_at) >= TOUCH_EVERY_MS)) {
    await touchApiToken(db, Number(row.id), now);
  }
  return row;
}

export async function revokeToken(db: Kysely<Database>, id: number, by: Actor, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findApiToken(trx, id);
    if (!before) throw new UserError('unknown_token', `没有此令牌 / no such token: ${id}`, 404);
    if (!(await revokeApiToken(trx, id, now))) {
      throw new UserError('token_revoked', `令牌已撤销 / token already revoked: ${id}`, 409);
    }
    await appendAudit(
      trx,
      {
        ...by,
        action: 'revoke',
        entity: 'api_token',
        entityId: String(id),
        before: tokenView(before),
        after: { ...tokenView(before), revokedAt: now },
      },
      now,
    );
  });
}

/** A user's own tokens, newest first (revoked ones too, marked by revokedAt), never their secrets. */
export async function listTokensOfUser(db: Kysely<Database>, userId: number): Promise<ApiTokenView[]> {
  return (await listApiTokens(db, userId)).map(tokenView).reverse();
}

/**
 * Revokes a token for a signed-in caller: their own, or anyone's when `mayRevokeAny` (users:admin). Somebody
 * else's token is "no such token" to everyone else, so the answer does not tell which ids exist.
 */
export async function revokeTokenAs(
  db: Kysely<Database>,
  id: number,
  caller: { userId: number; mayRevokeAny: boolean },
  by: Actor,
  now: number,
): Promise<ApiTokenView> {
  const token = await findApiToken(db, id);
  if (!token || (!caller.mayRevokeAny && Number(token.user_id) !== caller.userId)) {
    throw new UserError('unknown_token', `没有此令牌 / no such token: ${id}`, 404);
  }
  await revokeToken(db, id, by, now);
  return { ...tokenView(token), revokedAt: now };
}
