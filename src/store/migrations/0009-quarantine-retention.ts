import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0009: quarantined packets (unauthenticated senders) are kept outside the hash chain, with null hashes, and
 * pruned by age (quarantine.repository.ts). This partial index holds only those rows (and the few received
 * before chaining began), so the retention sweep finds the expired ones without scanning the chain. The same
 * statement on both engines: SQLite and PostgreSQL both have partial indexes.
 */
export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await sql`create index raw_packets_unchained_idx on raw_packets (received_at) where hash is null`.execute(
      trx,
    );
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.dropIndex('raw_packets_unchained_idx').execute();
  });
}
