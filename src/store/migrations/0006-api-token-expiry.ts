import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0006: API tokens may expire (expires_at, epoch ms; null = until revoked, as every token made before this was).
 * An integration's token with an end date limits what a forgotten or leaked one can do.
 */
export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint').execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  });
}
