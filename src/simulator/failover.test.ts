import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import type { Db } from '#store/open-db.ts';
import { forEachEngine } from '#store/test-engines.ts';
import { registerDemoDevices } from '../demo/demo-devices.ts';
import { type Hj212Receiver, startHj212Receiver } from '../receiver/tcp-server.ts';
import { memoryLogger } from '../services/logger.ts';
import { demoLoggers } from './demo-loggers.ts';
import type { PlannedPacket } from './logger-model.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from './simulator.ts';
import { beijing, HOUR } from './test-support.ts';

// Issue 14: loggers with a backup data centre. Two real receivers (startHj212Receiver on ports 0) share one
// database (SQLite, and PostgreSQL as two receiver nodes share it); the simulator knows both addresses, primary first.
const START = beijing(2025, 4, 2, 6);
const HOURS = 3;
const loggers = demoLoggers({ sites: ['QB-T06', 'QB-E01'], minuteData: false });

forEachEngine('simulator fail-over between receivers', (current) => {
  let sim: Simulator | undefined;
  const toClose: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
    for (const c of toClose.splice(0)) await c.close();
  });

  /** A receiver on its own port; its clock at the end of the simulated hours, so every DataTime is plausible. */
  async function receiver(db: Db, port = 0): Promise<Hj212Receiver> {
    const r = await startHj212Receiver({
      db,
      log: memoryLogger('error'),
      host: '127.0.0.1',
      port,
      now: () => START + 6 * HOUR,
      nodeId: `rx-${port}`,
    });
    toClose.push(r);
    return r;
  }

  function simulate(options: Partial<SimulatorOptions> & Pick<SimulatorOptions, 'to'>) {
    const acked: string[] = [];
    const planned: PlannedPacket[] = [];
    sim = startSimulator({
      loggers,
      start: START,
      until: START + HOURS * HOUR,
      speed: 3_600, // an hour a second: the kill falls mid-stream
      tickMs: 10,
      ackTimeoutMs: 1_000,
      reconnectMinMs: 20,
      reconnectMaxMs: 200,
      log: memoryLogger('error'),
      onAck: (mn, qn) => acked.push(`${mn}/${qn}`),
      onPacket: (p) => planned.push(p),
      ...options,
    });
    return { sim, acked, planned };
  }

  /** MN/QN of every packet stored or recognised as a duplicate of a stored one. */
  async function storedKeys(db: Db): Promise<Set<string>> {
    const rows = await db.db
      .selectFrom('raw_packets')
      .select(['mn', 'qn', 'verdict'])
      .where('verdict', 'in', ['stored', 'duplicate'])
      .execute();
    return new Set(rows.map((r) => `${r.mn}/${r.qn}`));
  }

  it('the first receiver closes mid-stream: the loggers go on with the second, no acknowledged packet lost', async () => {
    const db = current();
    await registerDemoDevices(db.db);
    const a = await receiver(db);
    const b = await receiver(db);
    const run = simulate({
      speed: 2_400, // 4.5 s in all: time enough after the close for the second receiver to answer a good part
      to: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    // Mid-stream: after the first simulated hour, once the primary has answered packets, it goes away (server
    // and sockets); it answers what it had queued while it closes, as a receiver's close() does.
    while (run.sim.stats().simTime < START + HOUR || run.acked.length < 20) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await a.close();
    const ackedByA = run.acked.length;
    await run.sim.finished;

    const stats = run.sim.stats();
    expect(stats).toMatchObject({ failed: 0, dropped: 0, pending: 0 });
    expect(stats.failovers).toBeGreaterThanOrEqual(loggers.length);
    // The second half was answered by the second receiver.
    expect(stats.acked).toBeGreaterThan(ackedByA + 50);
    // The second receiver took over: it got packets, and the first got none after its close.
    expect(b.stats().connections).toBe(loggers.length);
    const stored = await storedKeys(db);
    const missing = run.acked.filter((k) => !stored.has(k));
    expect(missing).toEqual([]);
    // Not only the acknowledged ones: every planned packet reached the store (re-sent when unanswered).
    expect(run.planned.filter((p) => !stored.has(`${p.mn}/${p.packet.qn}`))).toEqual([]);
    // And measurements hold an hour of values for every hourly packet (2061) the loggers sent.
    const hourly = run.planned.filter((p) => p.cn === '2061');
    const hours = await db.db
      .selectFrom('measurements')
      .select(['site_id', 'time'])
      .distinct()
      .where('period', '=', 'hour')
      .execute();
    expect(hourly.length).toBe(HOURS * loggers.length);
    expect(hours).toHaveLength(hourly.length);
  });

  it('the primary dies abruptly (its sockets cut, answers lost): unanswered packets are re-sent to the second', async () => {
    const db = current();
    await registerDemoDevices(db.db);
    const a = await receiver(db);
    const b = await receiver(db);
    // The loggers reach A through a TCP relay; cutting the relay's server and every socket at once is what the
    // loggers see of a node killed with SIGKILL: no FIN after the last answers, packets on the wire unanswered.
    const cut = new Set<Socket>();
    const relay: Server = createServer((inbound) => {
      const outbound = connect(a.port, '127.0.0.1');
      cut.add(inbound);
      cut.add(outbound);
      inbound.on('error', () => undefined);
      outbound.on('error', () => undefined);
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayPort = (relay.address() as { port: number }).port;
    const kill = () => {
      relay.close();
      for (const socket of cut) socket.destroy();
    };
    toClose.push({ close: async () => kill() });
    const run = simulate({
      speed: 2_400,
      to: [
        { host: '127.0.0.1', port: relayPort },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    while (run.sim.stats().simTime < START + HOUR || run.acked.length < 20) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    kill();
    await run.sim.finished;
    expect(run.sim.stats()).toMatchObject({ failed: 0, dropped: 0, pending: 0 });
    expect(b.stats().connections).toBe(loggers.length);
    const stored = await storedKeys(db);
    expect(run.acked.filter((k) => !stored.has(k))).toEqual([]);
    expect(run.planned.filter((p) => !stored.has(`${p.mn}/${p.packet.qn}`))).toEqual([]);
  });

  it('a primary that accepts but never answers is left after the ack timeout; nothing is given up', async () => {
    const db = current();
    await registerDemoDevices(db.db);
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    toClose.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          silent.close(() => resolve());
        }),
    });
    const b = await receiver(db);
    const port = (silent.address() as { port: number }).port;
    const run = simulate({
      to: [
        { host: '127.0.0.1', port },
        { host: '127.0.0.1', port: b.port },
      ],
      ackTimeoutMs: 200,
    });
    await run.sim.finished;
    expect(run.sim.stats()).toMatchObject({ failed: 0, dropped: 0, pending: 0 });
    const stored = await storedKeys(db);
    expect(run.planned.filter((p) => !stored.has(`${p.mn}/${p.packet.qn}`))).toEqual([]);
  });

  it('returns to the primary after primaryRetryMs once it is back', async () => {
    const db = current();
    await registerDemoDevices(db.db);
    // The primary's address, down at the start.
    const first = await receiver(db);
    const primaryPort = first.port;
    await first.close();
    const b = await receiver(db);
    const run = simulate({
      to: [
        { host: '127.0.0.1', port: primaryPort },
        { host: '127.0.0.1', port: b.port },
      ],
      until: START + 6 * HOUR,
      primaryRetryMs: 300,
    });
    while (b.stats().connections < loggers.length) await new Promise((resolve) => setTimeout(resolve, 10));
    const primary = await receiver(db, primaryPort);
    while (primary.stats().connections < loggers.length) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await run.sim.finished;
    expect(run.sim.stats()).toMatchObject({ failed: 0, dropped: 0, pending: 0 });
    expect(b.stats().connections).toBe(0);
    const stored = await storedKeys(db);
    expect(run.planned.filter((p) => !stored.has(`${p.mn}/${p.packet.qn}`))).toEqual([]);
  });
});
