import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { down as down0008, up as up0008 } from './migrations/0008-implausible-verdict.ts';
import { down as down0017, up as up0017 } from './migrations/0017-node-chains.ts';
import { staticMigrationProvider } from './migrations/index.ts';
import { verifyRawPacketChain } from './raw-packet-chain.repository.ts';
import { appendRawPackets, listRefusedPackets } from './raw-packets.repository.ts';
import type { NewRawPacket, PacketVerdict } from './raw-packets.table.ts';
import { forEachEngine } from './test-engines.ts';

const T = 1_767_225_600_000;
const A = 'QBREFUSED000000000000000A';
const B = 'QBREFUSED000000000000000B';

const packet = (i: number, mn: string | null, verdict: PacketVerdict, reason: string | null = null) =>
  ({
    received_at: T + i,
    peer: '127.0.0.1:5000',
    mn,
    cn: '2061',
    qn: null,
    bytes: Buffer.from(`##packet ${i}`),
    verdict,
    reason,
  }) satisfies NewRawPacket;

forEachEngine('storage: refused packets (migration 0008)', (current) => {
  it('keeps implausible packets in the chain and lists a device’s refused packets newest first', async () => {
    const h = current();
    await appendRawPackets(h.db, [
      packet(1, A, 'stored'),
      packet(2, A, 'rejected', 'crc-mismatch: CRC 不符'),
      packet(3, B, 'implausible', 'implausible time-ahead: … / …'),
      packet(4, A, 'implausible', 'implausible value-out-of-range: … / …'),
      packet(5, A, 'quarantined', 'wrong password (PW)'),
      packet(6, null, 'rejected', 'no MN'),
    ]);
    const refused = await listRefusedPackets(h.db, EVERY_SITE, A);
    expect(refused.map((r) => [r.verdict, r.received_at])).toEqual([
      ['implausible', T + 4],
      ['rejected', T + 2],
    ]);
    expect(await listRefusedPackets(h.db, EVERY_SITE, A, 1)).toHaveLength(1);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({ ok: true, count: 6 });
    await expect(
      sql`insert into raw_packets (received_at, peer, bytes, verdict) values (1, 'x', ${Buffer.from('x')}, 'bogus')`.execute(
        h.db,
      ),
    ).rejects.toThrow();
  });

  it('widens the verdict check without touching rows, ids or the chain; down refuses while implausible rows exist', async () => {
    const h = current();
    // Back to the schema before 0008 (no implausible rows yet), fill it, then migrate up again. 0017 goes first
    // and comes back last: 0008 rebuilds the SQLite table with the columns of its own time (raw_packets.chain is
    // later).
    await down0017(h.db);
    await down0008(h.db);
    await appendRawPackets(h.db, [packet(1, A, 'stored'), packet(2, A, 'rejected', 'bad')]);
    await expect(appendRawPackets(h.db, [packet(3, A, 'implausible')])).rejects.toThrow();
    await up0008(h.db);
    await up0017(h.db);
    await appendRawPackets(h.db, [packet(3, A, 'implausible', 'implausible …')]);
    const rows = await h.db.selectFrom('raw_packets').select(['id', 'verdict']).orderBy('id').execute();
    expect(rows.map((r) => r.verdict)).toEqual(['stored', 'rejected', 'implausible']);
    expect(new Set(rows.map((r) => Number(r.id))).size).toBe(3);
    expect(await verifyRawPacketChain(h.db)).toMatchObject({ ok: true, count: 3 });
    await expect(down0008(h.db)).rejects.toThrow(/cannot change/);
    // Every index the table had survives (on SQLite the table is rebuilt), the later 0009's partial one too.
    if (h.engine === 'sqlite') {
      const indexes = await sql<{ name: string }>`select name from sqlite_master
        where type = 'index' and tbl_name = 'raw_packets' and sql is not null order by name`.execute(h.db);
      expect(indexes.rows.map((r) => r.name)).toEqual([
        'raw_packets_refused_idx',
        'raw_packets_unchained_idx',
        'raw_packets_verdict_idx',
      ]);
    }
    // The migrator knows 0008 as applied (so it never runs twice).
    const migrations = await new Migrator({ db: h.db, provider: staticMigrationProvider }).getMigrations();
    expect(migrations.find((m) => m.name === '0008-implausible-verdict')?.executedAt).toBeDefined();
  });
});
