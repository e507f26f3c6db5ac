import { afterEach, expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { verifyRawPacketChain } from '#store/raw-packet-chain.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { type Hj212Receiver, startHj212Receiver } from './tcp-server.ts';
import { connectLogger, dataPacket } from './test-logger-client.ts';

// Issue 14: two receivers with their own node ids on one SQLite file (each commits in its own writer thread,
// ingest-thread.worker.ts), each logger sending to one of them; every packet lands in its receiver's chain.
const PW = '654321';
const MNS = ['QB0000000000000000000A01', 'QB0000000000000000000B01'] as const;
const open: { receiver: Hj212Receiver; db: Db }[] = [];

afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.receiver.close();
    await o.db.close();
  }
});

it('stores each receiving node’s packets in its own chain, through the SQLite writer thread', async () => {
  const path = tempDbPath();
  const setup = await openDb(path);
  await migrateToLatest(setup.db);
  const site = await upsertSite(setup.db, { code: 'QB-N1', name: '节点测试站', kind: 'air_station' });
  for (const mn of MNS) {
    await upsertDevice(setup.db, {
      mn,
      siteId: site.id,
      password: PW,
      factors: [{ factor: 'a34004', parameter: 'PM2.5' }],
    });
  }
  await setup.close();
  for (const nodeId of ['node-a', 'node-b']) {
    const db = await openDb(path);
    const receiver = await startHj212Receiver({
      db,
      log: memoryLogger('warn'),
      host: '127.0.0.1',
      port: 0,
      nodeId,
      limits: { healthCheckMs: 0 },
    });
    open.push({ receiver, db });
  }
  for (const [k, mn] of MNS.entries()) {
    const logger = await connectLogger((open[k] as { receiver: Hj212Receiver }).receiver.port);
    for (let i = 0; i < 3; i++) {
      const dataTime = `2026050108${String(k).padStart(2, '0')}0${i}`;
      logger.send(
        dataPacket({ qn: `${dataTime}00${k}`, mn, pw: PW, cn: '2011', dataTime, values: { a34004: i } }),
      );
    }
    expect(await logger.waitForAnswers(3)).toHaveLength(3);
    logger.close();
  }
  const db = (open[0] as { db: Db }).db;
  const rows = await db.db.selectFrom('raw_packets').select(['mn', 'chain']).orderBy('id').execute();
  expect(rows).toEqual([
    ...Array.from({ length: 3 }, () => ({ mn: MNS[0], chain: 'raw_packets/node-a' })),
    ...Array.from({ length: 3 }, () => ({ mn: MNS[1], chain: 'raw_packets/node-b' })),
  ]);
  const verdict = await verifyRawPacketChain(db.db);
  expect(verdict).toMatchObject({ ok: true, count: 6 });
  expect(verdict.chains.map((c) => [c.name, c.count])).toEqual([
    ['raw_packets', 0],
    ['raw_packets/node-a', 3],
    ['raw_packets/node-b', 3],
  ]);
}, 60_000);
