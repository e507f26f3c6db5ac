import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0014: a logger's "encryption required" policy (issue 13). HJ 212-2025 §6.4.4 (air-2026.md [Q]): data commands
 * 2000–2999 sent over the internet must be SM4-encrypted; with the policy on, the receiver quarantines an
 * unencrypted data packet from that logger, with the reason. 0/1; existing loggers keep accepting plaintext.
 */
export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema
      .alterTable('devices')
      .addColumn('encryption_required', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.alterTable('devices').dropColumn('encryption_required').execute();
  });
}
