import type { Kysely } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import { appendChainedRawPackets } from './raw-packet-chain.repository.ts';
import type { NewRawPacket, PacketVerdict, RawPacketRow } from './raw-packets.table.ts';
import { visibleDeviceMns } from './site-visibility.ts';

/**
 * Append received packets to a hash chain (`chain`: the receiving node's, default the legacy one; in the caller's transaction when `db` is one, else in their own).
 * The receiver's hot path is commitIngestBatch, which chains the same way.
 */
export async function appendRawPackets(
  db: Kysely<Database>,
  rows: readonly NewRawPacket[],
  chain?: string,
): Promise<void> {
  if (db.isTransaction) await appendChainedRawPackets(db, rows, chain);
  else await db.transaction().execute((trx) => appendChainedRawPackets(trx, rows, chain));
}

export interface RawPacketFilter {
  verdict?: PacketVerdict | readonly PacketVerdict[];
  mn?: string;
  /** Epoch ms, inclusive / exclusive. */
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
}

/** Newest first: the operator's view of what arrived (quarantine = verdict 'quarantined'). */
export async function listRawPackets(
  db: Kysely<Database>,
  filter: RawPacketFilter = {},
): Promise<RawPacketRow[]> {
  let q = db.selectFrom('raw_packets').selectAll();
  if (filter.verdict !== undefined) {
    q = q.where('verdict', 'in', typeof filter.verdict === 'string' ? [filter.verdict] : [...filter.verdict]);
  }
  if (filter.mn !== undefined) q = q.where('mn', '=', filter.mn);
  if (filter.from !== undefined) q = q.where('received_at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('received_at', '<', filter.to);
  return q
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
}

export async function countRawPackets(db: Kysely<Database>, verdict?: PacketVerdict): Promise<number> {
  let q = db.selectFrom('raw_packets').select((eb) => eb.fn.countAll<number>().as('n'));
  if (verdict !== undefined) q = q.where('verdict', '=', verdict);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Verdicts of the packets a registered device sent that entered no data: malformed, or implausible. */
export const REFUSED_VERDICTS: readonly PacketVerdict[] = ['rejected', 'implausible'];

/**
 * One device's newest refused packets (the device page; none when its site lies outside `j`), served by the partial
 * index raw_packets_refused_idx (migration 0010) so it never scans the stored packets.
 */
export function listRefusedPackets(
  db: Kysely<Database>,
  j: Jurisdiction,
  mn: string,
  limit = 20,
): Promise<RawPacketRow[]> {
  return db
    .selectFrom('raw_packets')
    .selectAll()
    .where('mn', '=', mn)
    .$if(!j.all, (q) => q.where('mn', 'in', visibleDeviceMns(db, j)))
    .where('verdict', 'in', [...REFUSED_VERDICTS])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
