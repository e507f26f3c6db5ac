import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { listEvents } from '#store/device-status.repository.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { TEST_PG_URL } from '#store/test-engines.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { createEventBus } from './event-bus.ts';
import type { ReceiverEvents } from './receiver-events.ts';
import { type Hj212Receiver, startHj212Receiver } from './tcp-server.ts';
import { connectLogger, dataPacket, type LoggerClient } from './test-logger-client.ts';

/**
 * Issue 14's complaint: two `qingshan serve` on one database, the loggers sending to the first — the second,
 * which received nothing, wrote false device_offline events from its own memory. Here two receivers (own ports,
 * own connections, own health monitors) share ONE database, real loggers over TCP send to the first only (one
 * fails over to the second half-way), and both monitors check, one after the other and at the same time. The
 * events table must equal the one a single receiver writes for the same traffic.
 */
const T0 = Date.parse('2026-05-01T08:00:00+08:00');
const MIN = 60_000;
const PW = 'multi-node-pw';
const STEADY = 'QBMULTI00000000000000001'; // sends every minute to A
const MOVER = 'QBMULTI00000000000000002'; // sends every minute; to B from minute 4 when there is a B
const GAPPY = 'QBMULTI00000000000000003'; // silent from minute 3 to minute 9: offline, then online again
const NEVER = 'QBMULTI00000000000000004'; // registered, never heard from: offline once
const MINUTES = 12;

type Engine = 'sqlite' | 'postgres';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two handles on one fresh database (two nodes' own connections); the first has migrated it. */
async function openShared(engine: Engine): Promise<[Db, Db]> {
  if (engine === 'sqlite') {
    const path = tempDbPath();
    const a = await openDb(path);
    await migrateToLatest(a.db);
    const b = await openDb(path);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    return [a, b];
  }
  const schema = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
  const a = await openDb(TEST_PG_URL, { schema, poolSize: 4 });
  await migrateToLatest(a.db);
  const b = await openDb(TEST_PG_URL, { schema, poolSize: 4 });
  cleanups.push(async () => {
    await b.close();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(a.db);
    await a.close();
  });
  return [a, b];
}

const dataTime = (minute: number) => `2026050108${String(minute).padStart(2, '0')}00`;

interface Run {
  events: { kind: string; subject: string; at: number; detail: unknown }[];
  /** device_offline / device_online emitted on the receivers' buses, all nodes together. */
  emitted: string[];
}

/**
 * The same traffic on a fake clock: one receiver, or two on one database. `nodes: 2` checks on both monitors,
 * in turn on even minutes (A then B, B then A) and at once (Promise.all) on odd ones.
 */
async function run(engine: Engine, nodes: 1 | 2): Promise<Run> {
  const [dbA, dbB] = await openShared(engine);
  const site = await upsertSite(dbA.db, { code: 'QB-MN1', name: '多节点测试站', kind: 'air_station' });
  for (const mn of [STEADY, MOVER, GAPPY, NEVER])
    await upsertDevice(dbA.db, {
      mn,
      siteId: site.id,
      password: PW,
      expectedIntervalS: 60,
      offlineAfterMissed: 3,
      factors: [{ factor: 'a34004', parameter: 'PM2.5' }],
    });
  let clock = T0;
  const emitted: string[] = [];
  const start = async (db: Db, name: string) => {
    const log = memoryLogger('warn');
    const bus = createEventBus<ReceiverEvents>(log);
    bus.on('device_offline', 'test', (e) => {
      emitted.push(`offline ${e.mn} ${e.at}`);
    });
    bus.on('device_online', 'test', (e) => {
      emitted.push(`online ${e.mn} ${e.at}`);
    });
    const receiver = await startHj212Receiver({
      db,
      log: log.child(name),
      bus,
      host: '127.0.0.1',
      port: 0,
      now: () => clock,
      limits: { healthCheckMs: 0 },
    });
    cleanups.push(() => receiver.close());
    return receiver;
  };
  const a = await start(dbA, 'A');
  const b = nodes === 2 ? await start(dbB, 'B') : undefined;
  const monitors: Hj212Receiver['monitor'][] = b ? [a.monitor, b.monitor] : [a.monitor];

  const loggers = new Map<string, LoggerClient>();
  const sent = new Map<string, number>();
  const send = async (mn: string, minute: number, to: Hj212Receiver) => {
    let logger = loggers.get(mn);
    if (logger && (logger as LoggerClient & { port?: number }).port !== to.port) {
      logger.close(); // fail-over: the logger reaches the backup centre instead
      logger = undefined;
    }
    if (!logger) {
      logger = Object.assign(await connectLogger(to.port), { port: to.port });
      loggers.set(mn, logger);
      sent.set(mn, logger.answers.length);
    }
    const qn = `${dataTime(minute)}${String(minute).padStart(3, '0')}`;
    logger.send(
      dataPacket({ qn, mn, pw: PW, cn: '2011', dataTime: dataTime(minute), values: { a34004: 30 + minute } }),
    );
    const n = (sent.get(mn) ?? 0) + 1;
    sent.set(mn, n);
    await logger.waitForAnswers(n);
  };

  for (let minute = 0; minute <= MINUTES; minute++) {
    clock = T0 + minute * MIN;
    await send(STEADY, minute, a);
    await send(MOVER, minute, b && minute >= 4 ? b : a);
    if (minute < 3 || minute >= 9) await send(GAPPY, minute, a);
    clock += 1000; // the checks run a second after the packets
    if (monitors.length === 1 || minute % 2 === 0) {
      const order = minute % 4 === 0 ? monitors : [...monitors].reverse();
      for (const m of order) await m.check();
    } else {
      await Promise.all(monitors.map((m) => m.check()));
    }
  }
  for (const l of loggers.values()) l.close();
  const events = (await listEvents(dbA.db, EVERY_SITE, { limit: 1000 }))
    .map((e) => ({
      kind: e.kind,
      subject: e.subject,
      at: e.at,
      detail: JSON.parse(e.detail ?? 'null') as unknown,
    }))
    .sort((x, y) => x.at - y.at || x.subject.localeCompare(y.subject) || x.kind.localeCompare(y.kind));
  return { events, emitted: emitted.sort() };
}

describe.each(['sqlite', 'postgres'] as const)('device health on two nodes, one database [%s]', (engine) => {
  it('two receivers write exactly the events of one: no false offline, a failed-over logger stays online', async () => {
    const single = await run(engine, 1);
    const at = (minute: number) => T0 + minute * MIN + 1000;
    // What one receiver writes (the reference): the silent logger offline at 3 missed minutes and back on its
    // packet of minute 9; the never-heard one offline 3 minutes after the first check. Nothing for the others.
    expect(single.events.map((e) => [e.kind, e.subject, e.at])).toEqual([
      ['device_offline', NEVER, at(3)],
      ['device_offline', GAPPY, at(5)],
      ['device_online', GAPPY, T0 + 9 * MIN],
    ]);
    expect(single.events[1]?.detail).toMatchObject({ lastSeenAt: T0 + 2 * MIN, missed: 3 });
    expect(single.events[2]?.detail).toEqual({ siteId: expect.any(Number), offlineSince: at(5) });

    const two = await run(engine, 2);
    expect(two.events).toEqual(single.events);
    // Each transition was announced once, by whichever node wrote it.
    expect(two.emitted).toEqual(single.emitted);
    expect(two.events.some((e) => e.subject === STEADY || e.subject === MOVER)).toBe(false);
  });
});
