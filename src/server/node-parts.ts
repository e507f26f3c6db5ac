/**
 * What each role of a node runs besides HTTP (issue 14): the receiver parts (HJ 212 over TCP) and the worker
 * parts (background work). A node of role `all` runs both; `api` runs neither. Each returns what it started
 * and a close() that stops it, so moving a piece of work onto durable jobs changes one function here.
 */
import type { Config } from '#config/config.ts';
import { plausibilityPolicies } from '#config/plausibility.ts';
import { writeDailyCheckpoints } from '#services/checkpoints/checkpoint.service.ts';
import type { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { startDailyCheckpoints } from '#services/checkpoints/daily-checkpoint.ts';
import type { Logger } from '#services/logger.ts';
import type { Db } from '#store/open-db.ts';
import type { EventBus } from '../receiver/event-bus.ts';
import type { HealthMonitor } from '../receiver/health-monitor.ts';
import type { ReceiverEvents } from '../receiver/receiver-events.ts';
import { DEFAULT_LIMITS } from '../receiver/receiver-options.ts';
import { startStoredHealthMonitor } from '../receiver/stored-health-monitor.ts';
import { type Hj212Receiver, startHj212Receiver } from '../receiver/tcp-server.ts';

export interface PartsContext {
  config: Config;
  db: Db;
  log: Logger;
  now: () => number;
  bus: EventBus<ReceiverEvents>;
  nodeId: string;
}

export interface ReceiverParts {
  receiver: Hj212Receiver;
  close(): Promise<void>;
}

/**
 * The HJ 212 receiver. On a node of role `all` it also runs the offline check over its own in-memory health
 * (one node sees every logger); on a `receiver` node of several it does not — a `worker` checks the stored
 * last-seen times instead, so N receivers never report a logger offline that another one hears.
 */
export async function startReceiverParts(ctx: PartsContext): Promise<ReceiverParts> {
  const { config } = ctx;
  const receiver = await startHj212Receiver({
    db: ctx.db,
    log: ctx.log.child('hj212'),
    host: config.tcpHost,
    port: config.tcpPort,
    limits: config.receiverLimits,
    plausibility: plausibilityPolicies(config.plausibility),
    now: ctx.now,
    bus: ctx.bus,
    nodeId: ctx.nodeId,
    offlineCheck: config.node.role === 'all',
  });
  return { receiver, close: () => receiver.close() };
}

export interface WorkerParts {
  /** The stored-status offline check of a `worker` node (absent on `all`: the receiver runs its own). */
  monitor?: HealthMonitor;
  close(): Promise<void>;
}

/**
 * The background work: the day's signed checkpoints of the hash chains at start and after each Beijing
 * midnight (issue 11), and on a `worker` node the offline check over stored last-seen times. Several workers
 * would each write checkpoints (harmless: one per head and day) and each run the offline check (not harmless:
 * duplicate events) — run one worker until these become leased durable jobs.
 */
export async function startWorkerParts(
  ctx: PartsContext,
  checkpoints: ReturnType<typeof checkpointSettings>,
): Promise<WorkerParts> {
  const log = ctx.log.child('checkpoint');
  const daily = startDailyCheckpoints({
    now: ctx.now,
    log,
    run: async () => {
      const written = await writeDailyCheckpoints({
        db: ctx.db.db,
        settings: checkpoints,
        now: ctx.now,
        log,
      });
      for (const c of written.checkpoints) {
        log.info(`checkpoint: ${c.chain} head ${c.headId} ${c.headHash.slice(0, 16)}… → ${written.file}`);
      }
    },
  });
  const monitor =
    ctx.config.node.role === 'worker'
      ? await startStoredHealthMonitor({
          db: ctx.db.db,
          log: ctx.log.child('health'),
          bus: ctx.bus,
          now: ctx.now,
          everyMs: ctx.config.receiverLimits.healthCheckMs ?? DEFAULT_LIMITS.healthCheckMs,
        })
      : undefined;
  return {
    ...(monitor ? { monitor } : {}),
    async close() {
      monitor?.stop();
      await daily.stop();
    },
  };
}
