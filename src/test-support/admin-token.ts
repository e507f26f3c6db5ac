import type { Kysely } from 'kysely';
import { createUser } from '#services/auth/accounts.service.ts';
import { createApiToken } from '#services/auth/sessions.service.ts';
import type { Database } from '#store/database.ts';

/**
 * A district-office API token for tests that read the API as an operator would (the API checks every route).
 * Returns the headers to send.
 */
export async function adminBearer(db: Kysely<Database>, now = Date.now()): Promise<Record<string, string>> {
  const by = { actor: 'test', origin: 'test' };
  await createUser(
    db,
    {
      username: 'test-operator',
      displayName: '测试管理员',
      password: 'quiet-harbor-lantern-59',
      roles: ['office-admin'],
    },
    by,
    now,
  );
  const { token } = await createApiToken(db, { username: 'test-operator', name: 'test' }, by, now);
  return { authorization: `Bearer ${token}` };
}
