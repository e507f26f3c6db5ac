import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** The hash chains that are checkpointed (issue 11): the audit log and the raw HJ 212 packets. */
export const CHECKPOINTED_CHAINS = ['audit_log', 'raw_packets'] as const;
export type CheckpointedChain = (typeof CHECKPOINTED_CHAINS)[number];

export interface ChainHeadRow {
  name: CheckpointedChain;
  /** Id of the chain's newest row; null while it has none. */
  lastId: number | null;
  lastHash: string;
}

/**
 * The recorded heads of the checkpointed chains, as committed now. Each appender advances its head in the
 * transaction that appends, so a head read here always names a committed row (or the genesis hash).
 */
export async function readChainHeads(db: Kysely<Database>): Promise<ChainHeadRow[]> {
  const rows = await db
    .selectFrom('chain_heads')
    .select(['name', 'last_id', 'last_hash'])
    .where('name', 'in', [...CHECKPOINTED_CHAINS])
    .execute();
  return CHECKPOINTED_CHAINS.map((name) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`hash chain "${name}" has no head row (run the migrations)`);
    return { name, lastId: row.last_id === null ? null : Number(row.last_id), lastHash: row.last_hash };
  });
}
