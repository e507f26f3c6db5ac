import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import { engineOf } from './engine-of.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0008: a raw packet's verdict may be 'implausible' (issue 11): a well-formed packet from a registered logger
 * whose DataTime or values are impossible — kept raw with the reason, answered, never stored as data.
 *
 * The verdict's CHECK (0002) must widen. PostgreSQL replaces the constraint in place. SQLite cannot alter a
 * CHECK, so the table is rebuilt the way its documentation prescribes (ALTER TABLE §7: create the new table,
 * copy, drop, rename, re-create the indexes), ids and chain hashes copied unchanged so the hash chain still
 * verifies. On a large SQLite file this copies the table once; the migration runs in one transaction.
 *
 * A partial index `raw_packets_refused_idx` (mn, id) over the refused packets only (rejected, implausible) serves
 * the device page's "recent refused packets": the receiver's stored packets never touch it (0007 dropped the
 * full (mn, received_at) index for ingest speed).
 */
const COLUMNS = sql.raw('id, received_at, peer, mn, cn, qn, bytes, verdict, reason, prev_hash, hash');

async function rebuildSqlite(trx: AnyDb, verdicts: readonly string[]): Promise<void> {
  const list = sql.join(verdicts.map((v) => sql.lit(v)));
  await sql`create table raw_packets_0008 (
    id integer primary key autoincrement,
    received_at bigint not null,
    peer text not null,
    mn text,
    cn text,
    qn text,
    bytes blob not null,
    verdict text not null check (verdict in (${list})),
    reason text,
    prev_hash text,
    hash text
  )`.execute(trx);
  await sql`insert into raw_packets_0008 (${COLUMNS}) select ${COLUMNS} from raw_packets`.execute(trx);
  // Every index on the table (its own and any a later migration added, when this runs down and up again) is
  // dropped with it: keep their definitions and re-create them as they were.
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master
    where type = 'index' and tbl_name = 'raw_packets' and sql is not null`.execute(trx);
  await sql`drop table raw_packets`.execute(trx);
  await sql`alter table raw_packets_0008 rename to raw_packets`.execute(trx);
  for (const index of indexes.rows) await sql.raw(index.sql).execute(trx);
}

async function setVerdicts(db: AnyDb, verdicts: readonly string[]): Promise<void> {
  await atomic(db, async (trx) => {
    if (engineOf(trx) === 'postgres') {
      const list = sql.join(verdicts.map((v) => sql.lit(v)));
      // The name PostgreSQL gave the column CHECK of 0002 (<table>_<column>_check).
      await sql`alter table raw_packets drop constraint raw_packets_verdict_check`.execute(trx);
      await sql`alter table raw_packets add constraint raw_packets_verdict_check
        check (verdict in (${list}))`.execute(trx);
    } else {
      await rebuildSqlite(trx, verdicts);
    }
    if (verdicts.includes('implausible')) {
      await trx.schema
        .createIndex('raw_packets_refused_idx')
        .on('raw_packets')
        .columns(['mn', 'id'])
        .where(sql.ref('verdict'), 'in', ['rejected', 'implausible'])
        .execute();
    } else {
      await trx.schema.dropIndex('raw_packets_refused_idx').ifExists().execute();
    }
  });
}

const BEFORE = ['stored', 'answered', 'rejected', 'quarantined', 'duplicate'] as const;

export async function up(db: AnyDb): Promise<void> {
  await setVerdicts(db, [...BEFORE, 'implausible']);
}

/** Refuses while 'implausible' rows exist: rewriting their verdict would break the packets' hash chain. */
export async function down(db: AnyDb): Promise<void> {
  const row = await db
    .selectFrom('raw_packets')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('verdict', '=', 'implausible')
    .executeTakeFirst();
  if (Number(row?.n ?? 0) > 0) {
    throw new Error('0008 down: raw_packets holds implausible packets; their chained verdicts cannot change');
  }
  await setVerdicts(db, BEFORE);
}
