import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0004: raw HJ 212 packets are hash-chained like the audit log (issue 5, R-21).
 * - raw_packets gains prev_hash and hash. Rows received before this migration keep them null ("before
 *   chaining"): re-hashing millions of stored packets here would hold the migration for minutes, and a hash
 *   computed now proves nothing about their arrival. Verification counts them apart.
 * - chain_heads gains the `raw_packets` chain: its genesis hash, and the last unchained id (so the first chained
 *   packet is the one after it). The receiver's group commit locks and advances this row.
 */
/** The hash before a chain's first entry, as src/rules/audit/hash-chain.ts had it when this landed. */
const GENESIS_HASH = '0'.repeat(64);

export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    for (const column of ['prev_hash', 'hash']) {
      await trx.schema.alterTable('raw_packets').addColumn(column, 'text').execute();
    }
    const last = await trx
      .selectFrom('raw_packets')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const lastId = last?.id === null || last?.id === undefined ? null : Number(last.id);
    await trx
      .insertInto('chain_heads')
      .values({ name: 'raw_packets', last_id: lastId, last_hash: GENESIS_HASH })
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.deleteFrom('chain_heads').where('name', '=', 'raw_packets').execute();
    for (const column of ['hash', 'prev_hash']) {
      await trx.schema.alterTable('raw_packets').dropColumn(column).execute();
    }
  });
}
