import { type Kysely, sql } from 'kysely';
import { GENESIS_HASH } from '#rules/audit/hash-chain.ts';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';
import { pagesById } from './pages-by-id.ts';
import { UNCHAINED_VERDICTS } from './quarantine.repository.ts';
import { isRawPacketChain, RAW_PACKET_CHAIN, rawPacketContent, rawPacketHash } from './raw-packet-chain.ts';
import type { NewRawPacket } from './raw-packets.table.ts';

const isUnchainedVerdict = (v: string) => (UNCHAINED_VERDICTS as readonly string[]).includes(v);

/** Rows per INSERT: 11 columns × 2,500 = 27,500 parameters, under SQLite's 32,766. */
const BATCH = 2500;

export interface ChainHead {
  lastId: number | null;
  lastHash: string;
}

/**
 * Reads a chain's head and holds it until the transaction ends, so no other writer can append to the chain
 * meanwhile (two writers that read the same head would fork it). PostgreSQL: `select … for update` (the row
 * lock queues concurrent appenders of THIS chain, across processes; each node has its own chain, so nodes do
 * not queue behind each other). SQLite: a write first takes the database's one write lock (a deferred
 * transaction that only read could not upgrade once another connection wrote).
 * A raw packet chain's head is created on first use (genesis hash, no rows yet); `insert … on conflict do
 * nothing` lets two transactions create it at once, the second then waiting for the first's row.
 */
export async function lockChainHead(trx: Kysely<Database>, name: string): Promise<ChainHead> {
  const read = async () => {
    const select = trx.selectFrom('chain_heads').select(['last_id', 'last_hash']).where('name', '=', name);
    if (engineOf(trx) === 'postgres') return select.forUpdate().executeTakeFirst();
    await trx.updateTable('chain_heads').set({ name }).where('name', '=', name).execute();
    return select.executeTakeFirst();
  };
  let head = await read();
  if (!head && isRawPacketChain(name) && name !== RAW_PACKET_CHAIN) {
    await trx
      .insertInto('chain_heads')
      .values({ name, last_id: null, last_hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    head = await read();
  }
  if (!head) throw new Error(`hash chain "${name}" has no head row (run the migrations)`);
  return { lastId: head.last_id === null ? null : Number(head.last_id), lastHash: head.last_hash };
}

/**
 * The ids the next `n` raw packets will have, ascending, taken while the chain head is locked: ids are hashed,
 * and every chained append holds the lock, so the chain's order is the ids' order. PostgreSQL: drawn from the
 * identity sequence (gaps from rolled-back appends do not matter). SQLite (AUTOINCREMENT, inside the one
 * write transaction): the ids it would assign itself.
 */
export async function nextRawPacketIds(trx: Kysely<Database>, n: number): Promise<number[]> {
  if (engineOf(trx) === 'postgres') {
    const { rows } = await sql<{ id: number }>`
      select nextval(pg_get_serial_sequence('raw_packets', 'id')) as id from generate_series(1, ${n})`.execute(
      trx,
    );
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
  const { rows } = await sql<{ next: number }>`select ${sql.raw(SQLITE_NEXT_RAW_PACKET_ID)} as next`.execute(
    trx,
  );
  const first = Number(rows[0]?.next);
  return Array.from({ length: n }, (_, i) => first + i);
}

/** SQLite: the id AUTOINCREMENT gives the next raw packet (never one used before, even if since deleted). */
export const SQLITE_NEXT_RAW_PACKET_ID = `max(
  coalesce((select seq from sqlite_sequence where name = 'raw_packets'), 0),
  coalesce((select max(id) from raw_packets), 0)) + 1`;

/**
 * Appends packets to `chain` in `trx` (a transaction: the head stays locked until it commits): lock the head,
 * take the ids, hash each packet onto the one before, insert, advance the head.
 */
export async function appendChainedRawPackets(
  trx: Kysely<Database>,
  rows: readonly NewRawPacket[],
  chain = RAW_PACKET_CHAIN,
): Promise<void> {
  if (rows.length === 0) return;
  if (!trx.isTransaction) throw new Error('appendChainedRawPackets needs a transaction');
  const head = await lockChainHead(trx, chain);
  const ids = await nextRawPacketIds(trx, rows.length);
  let prev = head.lastHash;
  const chained = rows.map((r, i) => {
    const row = { ...rawPacketContent({ ...r, id: ids[i] as number }), verdict: r.verdict };
    const hash = rawPacketHash(prev, row);
    // The legacy chain is the column's default: left out, so this runs on a schema before 0017 too.
    const out = { ...row, prev_hash: prev, hash, ...(chain === RAW_PACKET_CHAIN ? {} : { chain }) };
    prev = hash;
    return out;
  });
  for (let i = 0; i < chained.length; i += BATCH) {
    await trx
      .insertInto('raw_packets')
      .values(chained.slice(i, i + BATCH))
      .execute();
  }
  await trx
    .updateTable('chain_heads')
    .set({ last_id: ids[ids.length - 1] as number, last_hash: prev })
    .where('name', '=', chain)
    .execute();
}

/** One raw packet chain as verified: its rows, newest verified hash and the head recorded for it. */
export interface RawPacketChainSummary {
  name: string;
  count: number;
  lastHash: string;
}

/**
 * The verdict over every raw packet chain (the legacy one and each node's): `count` sums theirs, `chains` lists
 * each (by name); a break names its chain. `unchained`: packets before chaining began (before migration 0004);
 * `quarantine`: quarantined packets kept outside the chains (quarantine.repository.ts).
 */
export type RawPacketChainVerdict =
  /** lastHash: the hash of the newest packet verified (in any chain). */
  (
    | { ok: true; count: number; lastHash: string }
    | { ok: false; count: number; firstBroken: { id: number | string; reason: string; chain: string } }
  ) & { unchained: number; quarantine: number; chains: RawPacketChainSummary[] };

const BROKEN_LINK = 'link to the previous packet is broken (a packet was removed, inserted or reordered)';
const ALTERED = 'content does not match its hash (the packet was altered: bytes, verdict, time, peer, …)';
const UNHASHED = 'the packet lost its chain hashes (prev_hash/hash set to null after chaining began)';
const NO_HEAD = 'the packet names a chain that has no head row (moved to a chain that does not exist)';

/**
 * Re-computes every raw packet chain in one pass in id order, a page at a time (the table holds millions of
 * packets): each row is checked against the previous row OF ITS CHAIN, and at the end each chain must end at
 * its recorded head (so removing the newest packets is caught too). Moving a row to another chain breaks a link
 * in both. Packets without hashes are accepted before the first chained one (counted, not verified), and after
 * it only as quarantine (verdict quarantined or rejected, both hashes null): those are outside the chains and
 * may be pruned. Chained rows link only to chained rows, so a chained row stripped of its hashes breaks the next
 * link or the head. The first break in id order is named with its chain. `onVerified` sees each packet that
 * verified, in order, with its chain (the signed checkpoints are held against them, issue 11).
 */
export async function verifyRawPacketChain(
  db: Kysely<Database>,
  pageSize = 2000,
  onVerified?: (id: number, hash: string, chain: string) => void,
): Promise<RawPacketChainVerdict> {
  let count = 0;
  let unchained = 0;
  let quarantine = 0;
  let lastHash = GENESIS_HASH;
  const heads = new Map(
    (await db.selectFrom('chain_heads').select(['name', 'last_id', 'last_hash']).execute())
      .filter((h) => isRawPacketChain(h.name))
      .map((h) => [h.name, h]),
  );
  const tips = new Map<string, { count: number; lastHash: string }>();
  const summaries = () =>
    [...heads.keys()].sort().map((name) => ({
      name,
      count: tips.get(name)?.count ?? 0,
      lastHash: tips.get(name)?.lastHash ?? GENESIS_HASH,
    }));
  const broken = (id: number | string, reason: string, chain: string): RawPacketChainVerdict => ({
    ok: false,
    count,
    unchained,
    quarantine,
    chains: summaries(),
    firstBroken: { id, reason, chain },
  });
  for await (const rows of pagesById(db, 'raw_packets', pageSize)) {
    for (const r of rows) {
      const id = Number(r.id);
      if (r.hash === null || r.prev_hash === null) {
        if (count > 0 && r.hash === r.prev_hash && isUnchainedVerdict(r.verdict)) {
          quarantine++;
          continue;
        }
        if (count > 0 || r.hash !== r.prev_hash) return broken(id, UNHASHED, r.chain);
        unchained++;
        continue;
      }
      if (!heads.has(r.chain)) return broken(id, NO_HEAD, r.chain);
      const tip = tips.get(r.chain) ?? { count: 0, lastHash: GENESIS_HASH };
      if (r.prev_hash !== tip.lastHash) return broken(id, BROKEN_LINK, r.chain);
      if (rawPacketHash(tip.lastHash, { ...r, id }) !== r.hash) return broken(id, ALTERED, r.chain);
      tips.set(r.chain, { count: tip.count + 1, lastHash: r.hash });
      count++;
      lastHash = r.hash;
      onVerified?.(id, r.hash, r.chain);
    }
  }
  if (!heads.has(RAW_PACKET_CHAIN)) return broken('head', 'the chain head row is missing', RAW_PACKET_CHAIN);
  for (const [name, head] of heads) {
    if (head.last_hash !== (tips.get(name)?.lastHash ?? GENESIS_HASH)) {
      return broken(
        head.last_id ?? 'head',
        'packets up to this id were removed from the end (the chain head records a later hash)',
        name,
      );
    }
  }
  return { ok: true, count, unchained, quarantine, chains: summaries(), lastHash };
}
