import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { NewRawPacket, PacketVerdict, RawPacketRow } from './raw-packets.table.ts';

/** Rows per INSERT: 9 columns × 3,000 = 27,000 parameters, under SQLite's 32,766. */
const BATCH = 3000;

/** Append received packets (in the caller's transaction when `db` is one). */
export async function appendRawPackets(db: Kysely<Database>, rows: readonly NewRawPacket[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('raw_packets')
      .values(rows.slice(i, i + BATCH))
      .execute();
  }
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
