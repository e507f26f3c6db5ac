import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  countQuarantinedPackets,
  insertQuarantinedPackets,
  pruneQuarantinedPackets,
} from './quarantine.repository.ts';
import { verifyRawPacketChain } from './raw-packet-chain.repository.ts';
import { appendRawPackets } from './raw-packets.repository.ts';
import type { NewRawPacket } from './raw-packets.table.ts';
import { commitIngestBatch } from './receiver-batch.repository.ts';
import { forEachEngine, type TestDb } from './test-engines.ts';

const T = 1_767_225_600_000;
const DAY = 86_400_000;

function packet(i: number, over: Partial<NewRawPacket> = {}): NewRawPacket {
  return {
    received_at: T + i * DAY,
    peer: `127.0.0.1:${6000 + i}`,
    mn: 'QBQ0001',
    cn: '2011',
    qn: null,
    bytes: Buffer.from(`##0010packet ${i}\r\n`),
    verdict: 'stored',
    reason: null,
    ...over,
  };
}

const stranger = (i: number) =>
  packet(i, { mn: 'STRANGER', verdict: 'quarantined', reason: 'unknown MN (not in the device registry)' });

/** Chained packets and quarantine interleaved, on both ways in (group commit and plain append). */
async function fill(h: TestDb): Promise<void> {
  await commitIngestBatch(h, { raw: [packet(0), packet(1)], measurements: [], statuses: [], events: [] }, T);
  await insertQuarantinedPackets(h.db, [stranger(2), stranger(3)]);
  await appendRawPackets(h.db, [packet(4), packet(5, { verdict: 'rejected', reason: 'crc-mismatch' })]);
  await insertQuarantinedPackets(h.db, [
    stranger(6),
    packet(7, { verdict: 'rejected', reason: 'crc-mismatch' }),
  ]);
  await commitIngestBatch(h, { raw: [packet(8)], measurements: [], statuses: [], events: [] }, T);
}

forEachEngine('storage: quarantine outside the raw packet chain, pruned by age', (current) => {
  it('verifies with quarantine interleaved, and still after quarantine older than the retention is pruned', async () => {
    const h = current();
    await fill(h);
    expect(await verifyRawPacketChain(h.db, 2)).toMatchObject({ ok: true, count: 5, quarantine: 4 });
    // Retention at day 6.5: packets 2, 3 (quarantined) go; 5 (rejected, but chained) and 6, 7 stay.
    expect(await pruneQuarantinedPackets(h.db, T + 6.5 * DAY, 1)).toBe(3);
    expect(await countQuarantinedPackets(h.db)).toBe(1);
    const left = await h.db.selectFrom('raw_packets').select('received_at').orderBy('id').execute();
    expect(left.map((r) => (Number(r.received_at) - T) / DAY)).toEqual([0, 1, 4, 5, 7, 8]);
    expect(await verifyRawPacketChain(h.db, 2)).toMatchObject({ ok: true, count: 5, quarantine: 1 });
    // Run again (another node's sweep): nothing more to do, nothing breaks.
    expect(await pruneQuarantinedPackets(h.db, T + 6.5 * DAY)).toBe(0);
  });

  it('still notices a chained packet stripped of its hashes to pass for quarantine', async () => {
    const h = current();
    await fill(h);
    const rows = await h.db
      .selectFrom('raw_packets')
      .select(['id', 'verdict', 'hash'])
      .orderBy('id')
      .execute();
    const chained = rows.filter((r) => r.hash !== null).map((r) => Number(r.id));
    // Packet 5: rejected and chained. Without its hashes it looks like quarantine, but packet 8 links to it.
    await sql`update raw_packets set hash = null, prev_hash = null where id = ${chained[3]}`.execute(h.db);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({
      ok: false,
      firstBroken: { id: chained[4], reason: expect.stringMatching(/link to the previous packet is broken/) },
    });
    // And the prune may remove it, which still leaves the chain broken (never "repairs" it).
    await pruneQuarantinedPackets(h.db, T + 100 * DAY);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({ ok: false });
  });

  it('refuses to keep a stored packet outside the chain', async () => {
    const h = current();
    await expect(insertQuarantinedPackets(h.db, [packet(0)])).rejects.toThrow(/outside the chain/);
  });
});
