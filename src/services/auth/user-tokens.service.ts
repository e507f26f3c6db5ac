import type { Kysely } from 'kysely';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { listApiTokens, revokeApiTokensOfUser } from '#store/sessions.repository.ts';
import { findUserById } from '#store/users.repository.ts';
import { UserError } from '../errors.ts';
import type { Actor } from './accounts.service.ts';
import { type ApiTokenView, tokenView } from './sessions.service.ts';

/** An administrator's view of any user's API tokens (users:admin): list them, revoke them all at once. */

const unknownUser = (id: number) => new UserError('unknown_user', `没有此用户 / no such user: ${id}`, 404);

/** A user's tokens, newest first (revoked and expired ones too), never their secrets; 404 for no such user. */
export async function listTokensOfUserAsAdmin(db: Kysely<Database>, userId: number): Promise<ApiTokenView[]> {
  if (!(await findUserById(db, userId))) throw unknownUser(userId);
  return (await listApiTokens(db, userId)).map(tokenView).reverse();
}

/** Revokes every live token of a user, audited as one entry naming the tokens; returns their ids. */
export async function revokeAllTokensOfUser(
  db: Kysely<Database>,
  userId: number,
  by: Actor,
  now: number,
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    if (!(await findUserById(trx, userId))) throw unknownUser(userId);
    const revoked = await revokeApiTokensOfUser(trx, userId, now);
    await appendAudit(
      trx,
      {
        ...by,
        action: 'revoke_tokens',
        entity: 'user',
        entityId: String(userId),
        detail: { tokens: revoked },
      },
      now,
    );
    return revoked;
  });
}
