import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import type { NewRawPacket } from './raw-packets.table.ts';

/**
 * Packets the receiver could not authenticate (unknown MN, disabled device, wrong PW, undecodable): kept raw
 * for the operator's quarantine view, in raw_packets but OUTSIDE the hash chain (prev_hash and hash null), and
 * removed after a retention period (issue 11, finding 6).
 *
 * Why outside the chain: anyone can send them (the CRC is public), they carry no data, and a chain cannot lose
 * rows from its middle without breaking. verifyRawPacketChain skips exactly these rows (null hashes, verdict
 * quarantined or rejected); chained rows link only to chained rows, so deleting, altering or inserting a chained
 * row — or stripping a chained row's hashes to pass it off as quarantine — still breaks a link or the head.
 */
export const UNCHAINED_VERDICTS = ['quarantined', 'rejected'] as const;

/** Rows per INSERT: 8 columns × 1,000, well under SQLite's 32,766 parameters. */
const BATCH = 1000;

export async function insertQuarantinedPackets(
  db: Kysely<Database>,
  rows: readonly NewRawPacket[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => {
      if (!(UNCHAINED_VERDICTS as readonly string[]).includes(r.verdict))
        throw new Error(`only quarantined or rejected packets are kept outside the chain, not ${r.verdict}`);
      return { ...r, prev_hash: null, hash: null };
    });
    await db.insertInto('raw_packets').values(values).execute();
  }
}

/**
 * Remove quarantined packets received before `before` (epoch ms), `chunk` rows per statement so no single
 * statement holds the table long; returns how many were removed. Chained rows are never touched (hash is
 * null only outside the chain, and on packets stored before chaining began, whose quarantined and rejected
 * ones expire the same way). Served by raw_packets_unchained_idx (migration 0009).
 *
 * Safe when several nodes share one PostgreSQL and sweep at once: each statement deletes by a condition on
 * the rows themselves, holds no state, and deleting a row another node already deleted does nothing.
 */
export async function pruneQuarantinedPackets(
  db: Kysely<Database>,
  before: number,
  chunk = 5000,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const result = await db
      .deleteFrom('raw_packets')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('raw_packets')
          .select('id')
          .where('hash', 'is', null)
          .where('received_at', '<', before)
          .where('verdict', 'in', [...UNCHAINED_VERDICTS])
          .limit(chunk),
      )
      .executeTakeFirst();
    const n = Number(result.numDeletedRows);
    removed += n;
    if (n < chunk) return removed;
  }
}

/** Quarantined packets kept outside the chain (for tests and the operator). */
export async function countQuarantinedPackets(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('raw_packets')
    .select(sql<number>`count(*)`.as('n'))
    .where('hash', 'is', null)
    .where('verdict', 'in', [...UNCHAINED_VERDICTS])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
