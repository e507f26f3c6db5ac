import { afterEach, describe, expect, it } from 'vitest';
import { type Logger, memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { countQuarantinedPackets } from '#store/quarantine.repository.ts';
import { verifyRawPacketChain } from '#store/raw-packet-chain.repository.ts';
import { countRawPackets } from '#store/raw-packets.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { sweepQuarantine } from '../receiver/quarantine-sweep.ts';
import type { ReceiverLimits } from '../receiver/receiver-options.ts';
import { type Hj212Receiver, startHj212Receiver } from '../receiver/tcp-server.ts';
import { connectLogger, dataPacket, type LoggerClient } from '../receiver/test-logger-client.ts';

// Issue 11, findings 4 and 6, reproduced against the real receiver on 127.0.0.1 with the limits scaled down
// (the attack: 5,200 silent sockets against 5,000 places; a 15 s flood of unknown-MN packets stored 37,338
// rows and as many log lines). Other loopback addresses (127.0.0.2, …) play other peers.

const MN = 'QBABUSE00000000000000001';
const PW = '246810';
const T0 = Date.parse('2026-05-01T08:00:00+08:00');
const DAY = 86_400_000;
let db: Db | undefined;
let receiver: Hj212Receiver | undefined;
const clients: LoggerClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await receiver?.close();
  await db?.close();
  receiver = undefined;
  db = undefined;
});

let clock = T0;
async function start(
  limits: Partial<ReceiverLimits>,
): Promise<{ log: Logger & { lines: string[] }; port: number }> {
  clock = T0;
  db = await openDb(':memory:');
  await migrateToLatest(db.db);
  const site = await upsertSite(db.db, { code: 'QB-AB1', name: '滥用测试站', kind: 'air_station' });
  await upsertDevice(db.db, {
    mn: MN,
    siteId: site.id,
    password: PW,
    expectedIntervalS: 3600,
    factors: [{ factor: 'a34004', parameter: 'PM2.5' }],
  });
  const log = memoryLogger('debug');
  receiver = await startHj212Receiver({
    db,
    log,
    host: '127.0.0.1',
    port: 0,
    now: () => clock,
    limits: { healthCheckMs: 0, ...limits },
  });
  return { log, port: receiver.port };
}

async function connect(port: number, from = '127.0.0.1'): Promise<LoggerClient> {
  const c = await connectLogger(port, '127.0.0.1', from);
  clients.push(c);
  return c;
}

let qn = 0;
const good = () =>
  dataPacket({
    qn: `2026050108000${String(qn++).padStart(4, '0')}`,
    mn: MN,
    pw: PW,
    cn: '2011',
    dataTime: '20260501080000',
    values: { a34004: 12 },
  });
const stranger = (i: number, pw = '000000', mn = `NOSUCH${String(i).padStart(6, '0')}`) =>
  dataPacket({
    qn: `20260501080000${String(i % 1000).padStart(3, '0')}`,
    mn,
    pw,
    cn: '2011',
    dataTime: '20260501080000',
    values: { a34004: 1 },
  });

/** True once the server has closed the connection (a refused one is closed right after the handshake). */
const isClosed = async (c: LoggerClient, waitMs = 200) =>
  Promise.race([c.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), waitMs))]);

/** Quarantine rows once `n` are written (a packet without an answer gives nothing to wait on): bounded polling. */
async function quarantineReaches(n: number): Promise<number> {
  let count = -1;
  for (let i = 0; i < 100 && count < n; i++) {
    await receiver?.housekeeping();
    count = await countQuarantinedPackets((db as Db).db);
    if (count < n) await new Promise((r) => setTimeout(r, 20));
  }
  return count;
}

const linesWith = (log: { lines: string[] }, text: string) => log.lines.filter((l) => l.includes(text));

describe('abuse: receiver places (finding 4)', () => {
  it('silent sockets from one address take only their per-address share; a registered logger still gets in', async () => {
    const { log, port } = await start({
      maxConnections: 40,
      maxUnprovenConnections: 20,
      maxUnprovenPerAddress: 4,
    });
    const silent = await Promise.all(Array.from({ length: 30 }, () => connect(port)));
    const open = (await Promise.all(silent.map((c) => isClosed(c, 1000)))).filter((closed) => !closed);
    expect(open).toHaveLength(4);
    const logger = await connect(port, '127.0.0.2');
    logger.send(good());
    expect((await logger.waitForAnswers(1))[0]).toMatchObject({ cn: '9014' });
    // 26 refusals, one warning (rate-limited), naming the cap.
    expect(linesWith(log, 'limit maxUnprovenPerAddress')).toHaveLength(1);
    expect(receiver?.stats()).toMatchObject({ unproven: 4 });
  });

  it('silent sockets from many addresses fill the unproven budget, yet a new logger gets in and proven ones keep their place', async () => {
    const { log, port } = await start({
      maxConnections: 12,
      maxUnprovenConnections: 6,
      maxUnprovenPerAddress: 3,
      unprovenEvictAfterMs: 1000,
    });
    const first = await connect(port, '127.0.0.9');
    first.send(good());
    await first.waitForAnswers(1);
    for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
      for (let i = 0; i < 3; i++) await connect(port, from);
    }
    // Within unprovenEvictAfterMs nothing is evicted (a reconnect storm): the newcomer is refused.
    const early = await connect(port, '127.0.0.11');
    await early.closed;
    expect(linesWith(log, 'limit maxUnprovenConnections')).toHaveLength(1);
    // Later, a new logger: the oldest silent socket makes room for it.
    clock += 1000;
    const second = await connect(port, '127.0.0.10');
    second.send(good());
    expect((await second.waitForAnswers(1))[0]).toMatchObject({ cn: '9014' });
    expect(receiver?.stats()).toMatchObject({ unproven: 5 });
    expect(linesWith(log, 'limit unproven-evicted').length).toBeGreaterThan(0);
    // The proven loggers hold places outside the unproven budget: both still answered.
    first.send(good());
    second.send(good());
    await first.waitForAnswers(2);
    await second.waitForAnswers(2);
  });

  it('closes a connection that sends nothing authenticated after the short time-out, and keeps a proven one', async () => {
    const { log, port } = await start({ unprovenTimeoutMs: 200, idleTimeoutMs: 3_600_000 });
    const logger = await connect(port, '127.0.0.2');
    logger.send(good());
    await logger.waitForAnswers(1);
    const silent = await connect(port);
    await silent.closed;
    expect(linesWith(log, 'sent no authenticated packet within 0.2 s')).toHaveLength(1);
    expect(await isClosed(logger, 50)).toBe(false);
    logger.send(good());
    await logger.waitForAnswers(2);
  });
});

describe('abuse: disk and log filled through the receiver (finding 6)', () => {
  it('keeps a few unknown-MN and wrong-PW packets per address and minute, counts the rest, closes after a few, one log line per period', async () => {
    const { log, port } = await start({
      maxUnauthenticatedPackets: 5,
      unauthenticatedStoredPerMinute: 10,
      limitLogEveryMs: 60_000,
    });
    const logger = await connect(port, '127.0.0.2');
    // 40 connections × 5 packets (the 6th is never read: the connection is closed after the 5th).
    let sent = 0;
    for (let k = 0; k < 40; k++) {
      const c = await connect(port);
      for (let i = 0; i < 6; i++) c.send(k % 4 === 0 ? stranger(sent++, 'guess', MN) : stranger(sent++));
      await c.closed;
    }
    logger.send(good());
    expect((await logger.waitForAnswers(1))[0]).toMatchObject({ cn: '9014' });
    await receiver?.housekeeping();
    expect(await countQuarantinedPackets((db as Db).db)).toBe(10);
    expect(await countRawPackets((db as Db).db, 'stored')).toBe(1);
    // In full once per kind, then counted.
    expect(linesWith(log, 'packet quarantined (unknown MN')).toHaveLength(1);
    expect(linesWith(log, 'packet quarantined (wrong password (PW))')).toHaveLength(1);
    const before = log.lines.length;
    clock += 60_000;
    await receiver?.housekeeping();
    const summary = log.lines.slice(before).filter((l) => l.includes('127.0.0.1: '));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatch(/200 unauthenticated packet\(s\) in 60 s \(/);
    expect(summary[0]).toMatch(/unknown MN ×150/);
    expect(summary[0]).toMatch(/wrong password ×50/);
    expect(summary[0]).toMatch(/10 kept raw in quarantine, 190 only counted; 40 connection\(s\) closed/);
    // A new minute: a few more are kept.
    const c = await connect(port);
    c.send(stranger(9999));
    expect(await quarantineReaches(11)).toBe(11);
  });

  it('a proven logger that also carries an unregistered MN keeps its connection; the stranger packets are rate-limited', async () => {
    const { port } = await start({ maxUnauthenticatedPackets: 2, unauthenticatedStoredPerMinute: 3 });
    const logger = await connect(port, '127.0.0.2');
    logger.send(good());
    await logger.waitForAnswers(1);
    for (let i = 0; i < 8; i++) logger.send(stranger(i));
    logger.send(good());
    await logger.waitForAnswers(2);
    expect(await isClosed(logger, 50)).toBe(false);
    expect(await quarantineReaches(3)).toBe(3);
  });

  it('removes quarantine older than the retention, and the packet chain still verifies', async () => {
    const { port } = await start({});
    const logger = await connect(port, '127.0.0.2');
    logger.send(good());
    await logger.waitForAnswers(1);
    const c = await connect(port);
    for (let i = 0; i < 3; i++) c.send(stranger(i));
    expect(await quarantineReaches(3)).toBe(3);
    clock += 10 * DAY;
    c.send(stranger(3));
    logger.send(good());
    await logger.waitForAnswers(2);
    expect(await quarantineReaches(4)).toBe(4);
    const h = (db as Db).db;
    expect(await verifyRawPacketChain(h)).toMatchObject({ ok: true, count: 2, quarantine: 4 });
    clock += 25 * DAY;
    // The receiver's housekeeping no longer expires quarantine: the durable job quarantine.sweep does (issue 14).
    await receiver?.housekeeping();
    expect(await countQuarantinedPackets(h)).toBe(4);
    await sweepQuarantine(h, { now: clock, retentionMs: 30 * DAY, log: memoryLogger() });
    expect(await countQuarantinedPackets(h)).toBe(1);
    expect(await verifyRawPacketChain(h)).toMatchObject({ ok: true, count: 2, quarantine: 1 });
  });
});
