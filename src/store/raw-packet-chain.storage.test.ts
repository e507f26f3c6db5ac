import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { GENESIS_HASH } from '#rules/audit/hash-chain.ts';
import { upsertDevice } from './devices.repository.ts';
import { verifyRawPacketChain } from './raw-packet-chain.repository.ts';
import { rawPacketChainOf } from './raw-packet-chain.ts';
import { appendRawPackets } from './raw-packets.repository.ts';
import type { NewRawPacket } from './raw-packets.table.ts';
import { commitIngestBatch } from './receiver-batch.repository.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

const T = 1_767_225_600_000;
const MN = 'QBCHAIN000000000000000001';

function packet(i: number, over: Partial<NewRawPacket> = {}): NewRawPacket {
  const text = `##0101QN=2026010100000${i};ST=22;CN=2011;PW=123456;MN=${MN};CP=&&DataTime=${i};a34004-Rtd=${i}&&ABCD\r\n`;
  return {
    received_at: T + i,
    peer: `127.0.0.1:${5000 + (i % 7)}`,
    mn: i % 5 === 4 ? null : MN,
    cn: '2011',
    qn: i % 3 === 0 ? null : `2026010100000${i}`,
    bytes: Buffer.from(text),
    verdict: i % 4 === 3 ? 'rejected' : 'stored',
    reason: i % 4 === 3 ? 'CRC 不符 "bad"' : null,
    ...over,
  };
}

/** Three group commits on each way in (SQLite: prepared statements, then Kysely), and one plain append. */
async function fill(h: TestDb): Promise<number[]> {
  const site = await upsertSite(h.db, { code: 'QB-CH1', name: '链测试站', kind: 'air_station' });
  await upsertDevice(h.db, { mn: MN, siteId: site.id, password: 'p', factors: [] });
  let i = 0;
  const batch = (n: number) => ({
    raw: Array.from({ length: n }, () => packet(i++)),
    measurements: [],
    statuses: [],
    events: [],
  });
  for (const n of [5, 1, 7]) await commitIngestBatch(h, batch(n), T);
  for (const n of [3, 4]) await commitIngestBatch(h.db, batch(n), T);
  await appendRawPackets(h.db, [packet(i++), packet(i++)]);
  await commitIngestBatch(h, batch(0), T);
  const rows = await h.db.selectFrom('raw_packets').select('id').orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

forEachEngine('storage: hash-chained raw packets', (current) => {
  it('verifies packets committed in several batches, on both ways in, paged', async () => {
    const h = current();
    const ids = await fill(h);
    expect(ids).toHaveLength(22);
    const verdict = await verifyRawPacketChain(h.db, 4);
    expect(verdict).toMatchObject({ ok: true, count: 22, unchained: 0 });
    const head = await h.db
      .selectFrom('chain_heads')
      .selectAll()
      .where('name', '=', 'raw_packets')
      .executeTakeFirstOrThrow();
    expect(Number(head.last_id)).toBe(ids.at(-1));
    expect(verdict.ok && verdict.lastHash).toBe(head.last_hash);
    const first = await h.db
      .selectFrom('raw_packets')
      .select('prev_hash')
      .where('id', '=', ids[0] as number)
      .executeTakeFirstOrThrow();
    expect(first.prev_hash).toBe(GENESIS_HASH);
  });

  it('names the packet whose bytes lost or changed one byte', async () => {
    const h = current();
    const ids = await fill(h);
    const target = ids[9] as number;
    const row = await h.db
      .selectFrom('raw_packets')
      .select('bytes')
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    const bytes = Buffer.from(row.bytes);
    bytes[30] = (bytes[30] as number) ^ 0x01;
    await sql`update raw_packets set bytes = ${bytes} where id = ${target}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db, 4)).toMatchObject({
      ok: false,
      count: 9,
      firstBroken: { id: target, reason: expect.stringMatching(/altered/) },
    });
  });

  it('names the packet whose verdict was changed', async () => {
    const h = current();
    const ids = await fill(h);
    await sql`update raw_packets set verdict = 'stored' where id = ${ids[3]}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({
      ok: false,
      firstBroken: { id: ids[3], reason: expect.stringMatching(/altered/) },
    });
  });

  it('notices a packet deleted from the middle, and packets deleted from the end', async () => {
    const h = current();
    const ids = await fill(h);
    await sql`delete from raw_packets where id >= ${ids[20]}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({
      ok: false,
      count: 20,
      firstBroken: { id: ids[21], reason: expect.stringMatching(/removed from the end/) },
    });
    await sql`delete from raw_packets where id = ${ids[12]}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({
      ok: false,
      count: 12,
      firstBroken: { id: ids[13], reason: expect.stringMatching(/link to the previous packet is broken/) },
    });
  });

  it('counts packets received before chaining apart, and refuses unchained packets after it began', async () => {
    const h = current();
    const legacy = sql`insert into raw_packets (received_at, peer, mn, cn, qn, bytes, verdict, reason)
      values (${T}, 'p', null, null, null, ${Buffer.from('##old')}, 'rejected', 'old')`;
    await legacy.execute(h.db);
    await legacy.execute(h.db);
    const ids = await fill(h);
    expect(await verifyRawPacketChain(h.db, 3)).toMatchObject({ ok: true, count: 22, unchained: 2 });
    // ids[6] is packet 4, a stored one (null hashes on a rejected one pass for quarantine: the next link breaks,
    // see quarantine.storage.test.ts).
    await sql`update raw_packets set hash = null, prev_hash = null where id = ${ids[6]}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db, 3)).toMatchObject({
      ok: false,
      unchained: 2,
      firstBroken: { id: ids[6], reason: expect.stringMatching(/lost its chain hashes/) },
    });
  });

  it('does not fork when appends run concurrently', async () => {
    const h = current();
    await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        k % 2 === 0
          ? appendRawPackets(h.db, [packet(3 * k), packet(3 * k + 1)])
          : commitIngestBatch(h, { raw: [packet(3 * k)], measurements: [], statuses: [], events: [] }, T),
      ),
    );
    expect(await verifyRawPacketChain(h.db, 5)).toMatchObject({ ok: true, count: 18 });
  });
});

/** Issue 14: two receiving nodes, each on its own chain, interleaved on both ways in, after legacy packets. */
async function fillTwoNodes(h: TestDb): Promise<{ a: number[]; b: number[] }> {
  const ids = await fill(h);
  let i = 100;
  const batch = (n: number) => ({
    raw: Array.from({ length: n }, () => packet(i++)),
    measurements: [],
    statuses: [],
    events: [],
  });
  const [a, b] = [rawPacketChainOf('node-a'), rawPacketChainOf('node-b')];
  for (const n of [3, 2, 4]) {
    await commitIngestBatch(h, batch(n), T, a);
    await commitIngestBatch(h.db, batch(n + 1), T, b);
  }
  await appendRawPackets(h.db, [packet(i++)], a);
  const of = async (chain: string) =>
    (
      await h.db.selectFrom('raw_packets').select('id').where('chain', '=', chain).orderBy('id').execute()
    ).map((r) => Number(r.id));
  expect(await of('raw_packets')).toEqual(ids);
  return { a: await of(a), b: await of(b) };
}

forEachEngine('storage: one raw packet chain per node', (current) => {
  it('keeps a chain per node beside the legacy one, each verified and ending at its own head', async () => {
    const h = current();
    const { a, b } = await fillTwoNodes(h);
    expect([a.length, b.length]).toEqual([10, 12]);
    const verdict = await verifyRawPacketChain(h.db, 5);
    expect(verdict).toMatchObject({ ok: true, count: 44 });
    const heads = await h.db
      .selectFrom('chain_heads')
      .selectAll()
      .where('name', 'like', 'raw_packets%')
      .execute();
    expect(verdict.chains).toEqual(
      ['raw_packets', 'raw_packets/node-a', 'raw_packets/node-b'].map((name) => ({
        name,
        count: { raw_packets: 22, 'raw_packets/node-a': 10, 'raw_packets/node-b': 12 }[name],
        lastHash: heads.find((x) => x.name === name)?.last_hash,
      })),
    );
    expect(Number(heads.find((x) => x.name === 'raw_packets/node-b')?.last_id)).toBe(b.at(-1));
    const firstB = await h.db
      .selectFrom('raw_packets')
      .select('prev_hash')
      .where('id', '=', b[0] as number)
      .executeTakeFirstOrThrow();
    expect(firstB.prev_hash).toBe(GENESIS_HASH);
  });

  it('names the chain and packet altered in the second node’s chain', async () => {
    const h = current();
    const { b } = await fillTwoNodes(h);
    await sql`update raw_packets set peer = 'elsewhere' where id = ${b[5]}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db, 4)).toMatchObject({
      ok: false,
      firstBroken: { id: b[5], chain: 'raw_packets/node-b', reason: expect.stringMatching(/altered/) },
    });
  });

  it('notices a packet moved to another node’s chain, and a node’s newest packets or head removed', async () => {
    const h = current();
    const { a, b } = await fillTwoNodes(h);
    await sql`update raw_packets set chain = 'raw_packets/node-a' where id = ${b[3]}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({
      ok: false,
      firstBroken: { id: b[3], chain: 'raw_packets/node-a', reason: expect.stringMatching(/link/) },
    });
    await sql`update raw_packets set chain = 'raw_packets/node-b' where id = ${b[3]}`.execute(h.db);
    await sql`delete from raw_packets where id = ${a.at(-1)}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({
      ok: false,
      firstBroken: { id: a.at(-1), chain: 'raw_packets/node-a', reason: expect.stringMatching(/end/) },
    });
    await sql`delete from chain_heads where name = 'raw_packets/node-b'`.execute(h.db);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({
      ok: false,
      firstBroken: { id: b[0], chain: 'raw_packets/node-b', reason: expect.stringMatching(/no head row/) },
    });
  });

  it('creates a node’s head once when its first appends run concurrently, and does not fork', async () => {
    const h = current();
    const chain = rawPacketChainOf('fresh');
    await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        k % 2 === 0
          ? appendRawPackets(h.db, [packet(2 * k), packet(2 * k + 1)], chain)
          : commitIngestBatch(
              h,
              { raw: [packet(2 * k)], measurements: [], statuses: [], events: [] },
              T,
              chain,
            ),
      ),
    );
    expect(await verifyRawPacketChain(h.db)).toMatchObject({ ok: true, count: 12 });
    const heads = await h.db.selectFrom('chain_heads').select('name').where('name', '=', chain).execute();
    expect(heads).toHaveLength(1);
  });

  it('PostgreSQL: a node appends while another node’s append holds its own head locked', async () => {
    const h = current();
    if (h.engine !== 'postgres') return; // SQLite has one write lock for the whole file, whatever the chain
    await appendRawPackets(h.db, [packet(1)], rawPacketChainOf('a'));
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked = () => {};
    const lockedNow = new Promise<void>((r) => {
      locked = r;
    });
    const slow = h.db.transaction().execute(async (trx) => {
      await appendRawPackets(trx, [packet(2)], rawPacketChainOf('a'));
      locked();
      await held;
    });
    await lockedNow;
    // Were the chains one head row, this would wait for `slow` (and the timeout would fail it).
    await h.db.transaction().execute(async (trx) => {
      await sql`set local lock_timeout = '2s'`.execute(trx);
      const batch = { raw: [packet(3)], measurements: [], statuses: [], events: [] };
      await commitIngestBatch(trx, batch, T, rawPacketChainOf('b'));
    });
    release();
    await slow;
    expect(await verifyRawPacketChain(h.db)).toMatchObject({ ok: true, count: 3 });
  });
});
