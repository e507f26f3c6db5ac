import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { serve } from '@hono/node-server';
import { airMethodOf } from '#config/air-method.ts';
import { type Config, maskSecrets } from '#config/config.ts';
import type { ConsumerLag, NodeRole } from '#contract/health.ts';
import { createOutboxRunner } from '#platform/outbox/outbox-runner.ts';
import { ensureFirstAdmin } from '#services/auth/accounts.service.ts';
import { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { createLiveHub, type LiveHub } from '#services/live-hub.ts';
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
import type { Hj212Receiver } from '../receiver/tcp-server.ts';
import { startDemoSimulator } from '../simulator/demo-simulator.ts';
import type { Simulator } from '../simulator/simulator.ts';
import { createApp } from './app.ts';
import { logServerErrors, warnIfFewDescriptors } from './descriptor-budget.ts';
import { createHealthOnlyApp } from './health-app.ts';
import {
  type PartsContext,
  type ReceiverParts,
  startReceiverParts,
  startWorkerParts,
  type WorkerParts,
} from './node-parts.ts';

export interface RunningPlatform {
  url: string;
  db: Db;
  nodeId: string;
  role: NodeRole;
  /** The HJ 212 TCP receiver (listening when startPlatform resolves); throws on a node that runs none. */
  readonly receiver: Hj212Receiver;
  /** The receiver when this node runs one (roles `all` and `receiver`). */
  readonly receiverIfAny: Hj212Receiver | undefined;
  /** The worker parts when this node runs them (roles `all` and `worker`). */
  readonly worker: WorkerParts | undefined;
  /** Resolves when start-up work (demo history) is done and /api/health says ok. */
  ready: Promise<void>;
  /** Set only on the very first start: the administrator created then, for the caller to print ONCE (not logged). */
  firstAdmin?: { username: string; password: string };
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  now?: () => number;
  /** How far this node's outbox consumers lag, for /api/health (issue 14); default this node's outbox runner. */
  consumers?: () => readonly ConsumerLag[] | Promise<readonly ConsumerLag[]>;
}

/** Which parts a role runs (issue 14). */
export function partsOf(role: NodeRole): { api: boolean; receiver: boolean; worker: boolean } {
  return {
    api: role === 'all' || role === 'api',
    receiver: role === 'all' || role === 'receiver',
    worker: role === 'all' || role === 'worker',
  };
}

/**
 * The composition root: opens and migrates the store, serves HTTP at once (health says 503 until ready),
 * then starts the parts of this node's role (issue 14):
 * - `api`: the HTTP API and the web; with the demo, it seeds the sample stations, history, loggers and users
 *   (without the simulator it also writes the demo's hourly values directly).
 * - `receiver`: the HJ 212 receiver; with the demo and its simulator, the sample loggers play against it (the
 *   simulator belongs where a receiver is). HTTP serves only /api/health.
 * - `worker`: background work, as durable jobs (daily checkpoints, quarantine expiry, device health over the
 *   stored sightings). HTTP serves only /api/health.
 * - `all` (default): all of the above in one process.
 */
export async function startPlatform(config: Config, options: StartOptions = {}): Promise<RunningPlatform> {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const role = config.node.role;
  const runs = partsOf(role);
  log.info(`database ${maskSecrets(config.db)}`);
  const db = await openDb(config.db);
  await migrateToLatest(db.db, { report: (line) => log.info(line) });
  await seedPlaces(db.db);
  // The first administrator is printed by the node people open in a browser.
  const firstAdmin = runs.api ? await ensureFirstAdmin(db.db, now()) : undefined;

  let isReady = false;
  // Resolved once the port is known (the HTTP port may be 0 = any free port).
  const node = { id: config.node.id ?? '', role };
  // The event outbox's consumers on this node (issue 14): the live hub, the receiver's registry.
  const outbox = createOutboxRunner({
    db,
    log: log.child('outbox'),
    nodeId: () => node.id,
    now,
    pollMs: config.outbox.pollMs,
    batch: config.outbox.batch,
  });
  // Follows the outbox for new data and device events: the dashboard's live updates (/api/live).
  const live: LiveHub | undefined = runs.api
    ? createLiveHub({
        db,
        log: log.child('live'),
        now,
        isReady: () => isReady,
        outbox,
        streamLimits: config.liveLimits,
      })
    : undefined;
  warnIfFewDescriptors(config, log);
  const checkpoints = checkpointSettings(config);
  // One bus for the process: the web's logger changes reach the receiver's registry at once (issue 13).
  const bus = createEventBus<ReceiverEvents>(log.child('events'));
  const health = {
    db,
    node,
    // 503 until this node's parts are started and its start-up work is done.
    isReady: () => isReady,
    consumers: options.consumers ?? (() => outbox.lag()),
  };
  const app = runs.api
    ? createApp({
        ...health,
        bus,
        ...(live ? { live } : {}),
        log: log.child('http'),
        now,
        httpLimits: config.httpLimits,
        checkpoints,
        login: config.login,
        airMethod: airMethodOf(config.air),
        ...(config.hsts ? { hsts: config.hsts } : {}),
      })
    : createHealthOnlyApp(health);
  const server = await listen(app.fetch, config.httpHost, config.httpPort, log);
  logServerErrors(server, log, now);
  const address = server.address() as AddressInfo;
  const url = `http://${config.httpHost}:${address.port}`;
  node.id = config.node.id ?? `${hostname()}:${address.port}`;
  log.info(`node ${node.id}, role ${role}`);
  const ctx: PartsContext = { config, db, log, now, bus, nodeId: node.id, outbox };

  let receiverParts: ReceiverParts | undefined;
  let workerParts: WorkerParts | undefined;
  try {
    if (runs.receiver) receiverParts = await startReceiverParts(ctx);
    if (runs.worker) workerParts = await startWorkerParts(ctx, checkpoints);
  } catch (err) {
    await receiverParts?.close();
    await outbox.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    throw err;
  }
  const tcp = receiverParts?.receiver;

  let feed: LiveFeed | undefined;
  let simulator: Simulator | undefined;
  const ready = (async () => {
    if (config.demo && runs.api) {
      await seedDemoData(db, now, log.child('demo'), config.demoHistoryDays);
      await tcp?.registry.reload();
      // Without the simulator the demo's new hourly values are written directly, by the node that seeds.
      if (!config.demoSimulator) feed = startLiveFeed(db.db, { clock: now, log: log.child('demo') });
    }
    if (config.demo && config.demoSimulator && tcp) {
      // The live demo goes through the real protocol path: sample loggers → HJ 212 → receiver → store. On a
      // `receiver` node the loggers are registered here too (idempotent), whether or not the API has seeded yet,
      // and known to the registry before the first packet.
      await registerDemoDevices(db.db, now());
      await tcp.registry.reload();
      simulator = await startDemoSimulator({
        host: '127.0.0.1',
        port: tcp.port,
        db: db.db,
        log: log.child('simulator'),
        now,
      });
    }
    isReady = true;
    await live?.poll();
  })();
  ready.catch((err: unknown) => log.error(`start-up failed: ${(err as Error).stack ?? String(err)}`));

  return {
    url,
    db,
    nodeId: node.id,
    role,
    get receiver(): Hj212Receiver {
      if (tcp === undefined) throw new Error(`node ${node.id} (role ${role}) runs no HJ 212 receiver`);
      return tcp;
    },
    receiverIfAny: tcp,
    worker: workerParts,
    ready,
    ...(firstAdmin ? { firstAdmin } : {}),
    async close() {
      await workerParts?.close();
      await feed?.stop();
      await simulator?.stop();
      await live?.stop();
      // The receiver first: it commits and answers what is queued while the database is still open.
      await receiverParts?.close();
      await outbox.stop();
      // Open event streams (/api/live) would hold close() forever.
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

/** The demo's sample stations with their modelled history, the sample loggers and the demo users. */
async function seedDemoData(db: Db, now: () => number, demoLog: Logger, days: number): Promise<void> {
  let lastPercent = -10;
  const result = await seedDemo(db.db, {
    now: now(),
    days,
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
  demoLog.info(
    `demo users created: ${(await seedDemoUsers(db.db, now())).join(', ') || 'none (already there)'}`,
  );
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
