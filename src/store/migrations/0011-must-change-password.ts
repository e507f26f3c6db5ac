import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0011: an account may have to change its password before it does anything else (issue 12): set when an
 * administrator creates the account or sets its password, cleared when the user chooses their own.
 * 0/1 like users.enabled; existing accounts keep 0 (their users chose or were told their passwords long ago).
 */
export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema
      .alterTable('users')
      .addColumn('must_change_password', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.alterTable('users').dropColumn('must_change_password').execute();
  });
}
