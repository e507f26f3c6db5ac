import { expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { useMemoryDb } from '../demo/demo-test-support.ts';
import { createEventBus } from './event-bus.ts';
import type { ReceiverEvents } from './receiver-events.ts';
import { startStoredHealthMonitor } from './stored-health-monitor.ts';
import { startHj212Receiver } from './tcp-server.ts';
import { connectLogger, dataPacket } from './test-logger-client.ts';

// Issue 14: two `receiver` nodes on one database run no offline check of their own (each sees only its own
// loggers); a `worker` checks the last-seen times both store. A logger heard by either one is not reported
// offline; a silent one is, once, however many receivers there are. Fake clock, real TCP.
const current = useMemoryDb();
const PW = '123456';
const A_MN = '010000A8900016F0001NA001';
const B_MN = '010000A8900016F0001NB001';
const at = (hhmm: string) => Date.parse(`2025-06-10T${hhmm}:00+08:00`);

it('the worker reports offline only the logger that no receiver hears, once', async () => {
  const db = current();
  let clock = at('09:05');
  const now = () => clock;
  const site = await upsertSite(db.db, {
    code: 'QB-N1',
    name: '多节点测试站',
    kind: 'air_station',
    lon: 114.3,
    lat: 35.7,
  });
  const factors = [{ factor: 'a34004', parameter: 'PM2.5' }];
  await upsertDevice(db.db, { mn: A_MN, siteId: site.id, password: PW, factors });
  await upsertDevice(db.db, { mn: B_MN, siteId: site.id, password: PW, role: 'backup', factors });
  const log = memoryLogger('error');
  const receivers = await Promise.all(
    ['rx-a', 'rx-b'].map((nodeId) =>
      startHj212Receiver({
        db,
        log,
        host: '127.0.0.1',
        port: 0,
        now,
        nodeId,
        offlineCheck: false,
        // A fast timer, so that an offline check on it (were it on) would have run before the assertions.
        limits: { healthCheckMs: 10 },
      }),
    ),
  );
  const [a, b] = receivers as [(typeof receivers)[0], (typeof receivers)[0]];
  const bus = createEventBus<ReceiverEvents>(log);
  const worker = await startStoredHealthMonitor({ db: db.db, log, bus, now, everyMs: 0 });
  try {
    // Both loggers are heard at first, each by its own receiver.
    for (const [mn, port] of [
      [A_MN, a.port],
      [B_MN, b.port],
    ] as const) {
      const logger = await connectLogger(port);
      logger.send(
        dataPacket({
          qn: `q-${mn}-09`,
          mn,
          pw: PW,
          cn: '2061',
          dataTime: '20250610080000',
          values: { a34004: 40 },
        }),
      );
      await logger.waitForAnswers(1);
      logger.close();
    }
    // Only receiver A keeps hearing its logger; B's falls silent.
    clock = at('11:30');
    const logger = await connectLogger(a.port);
    logger.send(
      dataPacket({
        qn: `q-${A_MN}-11`,
        mn: A_MN,
        pw: PW,
        cn: '2061',
        dataTime: '20250610100000',
        values: { a34004: 41 },
      }),
    );
    await logger.waitForAnswers(1);
    logger.close();
    // Three hourly intervals after B's last packet: the worker (which received nothing itself) names B only.
    clock = at('12:06');
    expect(await worker.check()).toEqual([B_MN]);
    expect(await worker.check()).toEqual([]);
    // Past the receivers' own timers (healthCheckMs): their offline check is off, so the one event is the worker's.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const events = await db.db
      .selectFrom('events')
      .select(['subject', 'kind'])
      .where('kind', 'like', 'device_%')
      .execute();
    expect(events.filter((e) => e.kind === 'device_offline')).toEqual([
      { subject: B_MN, kind: 'device_offline' },
    ]);
  } finally {
    worker.stop();
    await a.close();
    await b.close();
  }
});
