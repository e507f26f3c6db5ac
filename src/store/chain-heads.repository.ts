import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import { isRawPacketChain } from './raw-packet-chain.ts';

/**
 * The hash chains that are checkpointed (issue 11): the audit log and the raw HJ 212 packets — the latter a
 * family since issue 14: the legacy `raw_packets` chain and each receiving node's `raw_packets/<nodeId>`.
 */
export const CHECKPOINTED_CHAINS = ['audit_log', 'raw_packets'] as const;
export type CheckpointedChain = (typeof CHECKPOINTED_CHAINS)[number];

export interface ChainHeadRow {
  /** 'audit_log', 'raw_packets' or 'raw_packets/<nodeId>'. */
  name: string;
  /** Id of the chain's newest row; null while it has none. */
  lastId: number | null;
  lastHash: string;
}

/** The family a chain_heads name belongs to. */
export const chainFamilyOf = (name: string): CheckpointedChain | undefined =>
  name === 'audit_log' ? 'audit_log' : isRawPacketChain(name) ? 'raw_packets' : undefined;

/**
 * The recorded heads of the checkpointed chains (every node's raw packet chain included), as committed now. Each appender advances its head in the
 * transaction that appends, so a head read here always names a committed row (or the genesis hash).
 */
export async function readChainHeads(db: Kysely<Database>): Promise<ChainHeadRow[]> {
  const rows = await db.selectFrom('chain_heads').select(['name', 'last_id', 'last_hash']).execute();
  for (const name of CHECKPOINTED_CHAINS) {
    if (!rows.some((r) => r.name === name))
      throw new Error(`hash chain "${name}" has no head row (run the migrations)`);
  }
  return rows
    .filter((r) => chainFamilyOf(r.name) !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((r) => ({
      name: r.name,
      lastId: r.last_id === null ? null : Number(r.last_id),
      lastHash: r.last_hash,
    }));
}
