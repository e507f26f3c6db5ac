import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0017: one raw-packet hash chain per receiving node (issue 14, "ingest on several nodes"). Until now every
 * packet of every node was chained onto the one `raw_packets` head row, so on PostgreSQL every node's commit
 * waited on that row's lock. raw_packets gains `chain`: the chain_heads name the row belongs to. Rows stored
 * before keep the legacy chain `raw_packets` (the default), so they verify exactly as before; a node's head row
 * `raw_packets/<nodeId>` is created on its first append (raw-packet-chain.repository.ts). The name is a literal
 * here, not imported: a landed migration must not change when live code does.
 */
export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    // A constant default: PostgreSQL ≥ 11 adds it without rewriting the table.
    await trx.schema
      .alterTable('raw_packets')
      .addColumn('chain', 'text', (col) => col.notNull().defaultTo('raw_packets'))
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.deleteFrom('chain_heads').where('name', 'like', 'raw_packets/%').execute();
    await trx.schema.alterTable('raw_packets').dropColumn('chain').execute();
  });
}
