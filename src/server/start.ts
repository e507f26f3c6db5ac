import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { airMethodOf } from '#config/air-method.ts';
import { type Config, maskSecrets } from '#config/config.ts';
import { plausibilityPolicies } from '#config/plausibility.ts';
import { createOutboxRunner } from '#platform/outbox/outbox-runner.ts';
import { ensureFirstAdmin } from '#services/auth/accounts.service.ts';
import { writeDailyCheckpoints } from '#services/checkpoints/checkpoint.service.ts';
import { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { type DailyCheckpoints, startDailyCheckpoints } from '#services/checkpoints/daily-checkpoint.ts';
import { createLiveHub } from '#services/live-hub.ts';
import { createLogger, type Logger } from '#services/logger.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { seedPlaces } from '#store/places.ts';
import { registerDemoDevices } from '../demo/demo-devices.ts';
import { seedDemoUsers } from '../demo/demo-users.ts';
import { type LiveFeed, startLiveFeed } from '../demo/live-feed.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { createEventBus } from '../receiver/event-bus.ts';
import type { ReceiverEvents } from '../receiver/receiver-events.ts';
import { type Hj212Receiver, startHj212Receiver } from '../receiver/tcp-server.ts';
import { startDemoSimulator } from '../simulator/demo-simulator.ts';
import type { Simulator } from '../simulator/simulator.ts';
import { createApp } from './app.ts';
import { logServerErrors, warnIfFewDescriptors } from './descriptor-budget.ts';

export interface RunningPlatform {
  url: string;
  db: Db;
  /** The HJ 212 TCP receiver (listening when startPlatform resolves). */
  receiver: Hj212Receiver;
  /** Resolves when start-up work (demo history) is done and /api/health says ok. */
  ready: Promise<void>;
  /** Set only on the very first start: the administrator created then, for the caller to print ONCE (not logged). */
  firstAdmin?: { username: string; password: string };
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  now?: () => number;
  /** This node's id (issue 14: owner of outbox leases, recorded on its outbox rows); default 'local'. */
  nodeId?: string;
}

/**
 * The composition root: opens and migrates the store, serves HTTP at once (health says 503 until ready),
 * then seeds the demo history and starts its live feed when the demo is on.
 */
export async function startPlatform(config: Config, options: StartOptions = {}): Promise<RunningPlatform> {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  log.info(`database ${maskSecrets(config.db)}`);
  const db = await openDb(config.db);
  await migrateToLatest(db.db, { report: (line) => log.info(line) });
  await seedPlaces(db.db);
  const firstAdmin = await ensureFirstAdmin(db.db, now());

  let isReady = false;
  let receiver: Hj212Receiver | undefined;
  const nodeId = options.nodeId ?? 'local';
  // The event outbox's consumers on this node (issue 14): the live hub, the receiver's registry.
  const outbox = createOutboxRunner({
    db,
    log: log.child('outbox'),
    nodeId,
    now,
    pollMs: config.outbox.pollMs,
    batch: config.outbox.batch,
  });
  // Follows the outbox for new data and device events: the dashboard's live updates (/api/live).
  const live = createLiveHub({
    db,
    log: log.child('live'),
    now,
    isReady: () => isReady,
    outbox,
    streamLimits: config.liveLimits,
  });
  warnIfFewDescriptors(config, log);
  const checkpoints = checkpointSettings(config);
  // One bus for the platform: the web's logger changes reach the receiver's registry at once (issue 13).
  const bus = createEventBus<ReceiverEvents>(log.child('events'));
  const app = createApp({
    bus,
    db,
    live,
    log: log.child('http'),
    now,
    httpLimits: config.httpLimits,
    checkpoints,
    login: config.login,
    airMethod: airMethodOf(config.air),
    ...(config.hsts ? { hsts: config.hsts } : {}),
    // 503 until start-up is done and the HJ 212 receiver listens.
    isReady: () => isReady && receiver !== undefined,
    outboxLag: () => outbox.lag(),
  });
  const server = await listen(app.fetch, config.httpHost, config.httpPort, log);
  logServerErrors(server, log, now);
  const address = server.address() as AddressInfo;
  const url = `http://${config.httpHost}:${address.port}`;
  try {
    receiver = await startHj212Receiver({
      db,
      log: log.child('hj212'),
      host: config.tcpHost,
      port: config.tcpPort,
      limits: config.receiverLimits,
      plausibility: plausibilityPolicies(config.plausibility),
      now,
      bus,
      outbox,
      nodeId,
    });
  } catch (err) {
    await outbox.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    throw err;
  }
  const tcp = receiver;
  const daily = startDailyCheckpointsOf(db, checkpoints, now, log.child('checkpoint'));

  let feed: LiveFeed | undefined;
  let simulator: Simulator | undefined;
  const ready = (async () => {
    if (config.demo) {
      const demoLog = log.child('demo');
      let lastPercent = -10;
      const result = await seedDemo(db.db, {
        now: now(),
        days: config.demoHistoryDays,
        log: demoLog,
        onProgress: (p) => {
          const percent = Math.floor((p.hoursDone / Math.max(1, p.hoursTotal)) * 100);
          if (percent >= lastPercent + 10) {
            lastPercent = percent;
            demoLog.info(`demo history ${percent}%`);
          }
        },
      });
      demoLog.info(
        `demo: ${result.sites} sample stations, ${result.values} new values in ${result.elapsedMs} ms`,
      );
      // The sample outlets and loggers first: the demo enterprise user and inspector are tied to outlets.
      await registerDemoDevices(db.db, now());
      await tcp.registry.reload();
      demoLog.info(
        `demo users created: ${(await seedDemoUsers(db.db, now())).join(', ') || 'none (already there)'}`,
      );
      if (config.demoSimulator) {
        // The live demo goes through the real protocol path: sample loggers → HJ 212 → receiver → store.
        simulator = await startDemoSimulator({
          host: '127.0.0.1',
          port: tcp.port,
          db: db.db,
          log: log.child('simulator'),
          now,
        });
      } else {
        feed = startLiveFeed(db.db, { clock: now, log: demoLog });
      }
    }
    isReady = true;
    await live.poll();
  })();
  ready.catch((err: unknown) => log.error(`start-up failed: ${(err as Error).stack ?? String(err)}`));

  return {
    url,
    db,
    receiver: tcp,
    ready,
    ...(firstAdmin ? { firstAdmin } : {}),
    async close() {
      await daily.stop();
      await feed?.stop();
      await simulator?.stop();
      await live.stop();
      // The receiver first: it commits and answers what is queued while the database is still open.
      await tcp.close();
      await outbox.stop();
      // Open event streams (/api/live) would hold close() forever.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

/** The day's signed checkpoints of the hash chains, at start and after each Beijing midnight (issue 11). */
function startDailyCheckpointsOf(
  db: Db,
  settings: ReturnType<typeof checkpointSettings>,
  now: () => number,
  log: Logger,
): DailyCheckpoints {
  return startDailyCheckpoints({
    now,
    log,
    run: async () => {
      const written = await writeDailyCheckpoints({ db: db.db, settings, now, log });
      for (const c of written.checkpoints) {
        log.info(`checkpoint: ${c.chain} head ${c.headId} ${c.headHash.slice(0, 16)}… → ${written.file}`);
      }
    },
  });
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname: string, port: number, log: Logger) {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        log.error(`HTTP port ${port} is in use: set --http-port or QINGSHAN_HTTP_PORT`);
      }
      reject(err);
    });
  });
}
