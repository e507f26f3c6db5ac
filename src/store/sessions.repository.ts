import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { ApiTokensTable, SessionsTable } from './users.table.ts';

/**
 * Web sessions and API tokens. Both are stored only by the SHA-256 of their secret (computed by the caller), so a
 * copy of the database does not let anyone sign in.
 */

export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export async function insertSession(db: Kysely<Database>, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with this id if it has not expired at `now`. */
export async function findLiveSession(
  db: Kysely<Database>,
  id: string,
  now: number,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of a user except one (the one that just changed the password); returns how many. */
export async function deleteOtherSessionsOfUser(
  db: Kysely<Database>,
  userId: number,
  keepId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where('id', '!=', keepId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertApiToken(
  db: Kysely<Database>,
  token: { userId: number; name: string; tokenHash: string; expiresAt?: number | null },
  now: number,
): Promise<ApiTokenRow> {
  return db
    .insertInto('api_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      expires_at: token.expiresAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A token that has not been revoked, by the hash of its secret. */
/** The token with this hash if it is neither revoked nor expired at `now`. */
export async function findActiveApiToken(
  db: Kysely<Database>,
  tokenHash: string,
  now: number,
): Promise<ApiTokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export async function findApiToken(db: Kysely<Database>, id: number): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listApiTokens(db: Kysely<Database>, userId?: number): Promise<ApiTokenRow[]> {
  let query = db.selectFrom('api_tokens').selectAll();
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return query.orderBy('id').execute();
}

export async function touchApiToken(db: Kysely<Database>, id: number, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Revokes every live token of a user at once; returns the ids revoked. */
export async function revokeApiTokensOfUser(
  db: Kysely<Database>,
  userId: number,
  now: number,
): Promise<number[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Marks the token revoked; returns false when it was unknown or already revoked. */
export async function revokeApiToken(db: Kysely<Database>, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
