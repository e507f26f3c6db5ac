import type { Config } from '#config/config.ts';
import { BUILTIN_SCHEDULES, JOB_KINDS } from '#platform/jobs/builtin-schedules.ts';
import { defineSchedule, scheduleJob } from '#platform/jobs/jobs.ts';
import { createJobWorker, type JobWorker } from '#platform/jobs/worker.ts';
import type { CheckpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { startupCheckpointKey } from '#services/checkpoints/daily-checkpoint.ts';
import type { Logger } from '#services/logger.ts';
import type { Db } from '#store/open-db.ts';
import type { EventBus } from '../receiver/event-bus.ts';
import type { ReceiverEvents } from '../receiver/receiver-events.ts';
import { DEFAULT_LIMITS } from '../receiver/receiver-options.ts';
import { builtinJobHandlers } from './job-handlers.ts';

export interface StartJobWorkerOptions {
  db: Db;
  config: Config;
  checkpoints: CheckpointSettings;
  log: Logger;
  now: () => number;
  /** Who holds the claims of this node (e.g. host:port). */
  nodeId: string;
  bus?: EventBus<ReceiverEvents>;
}

/**
 * This node's durable job worker (issue 14): defines the built-in schedules (unchanged ones keep their next run),
 * adds the start-up checkpoint job (once per Beijing day across restarts and nodes), and starts claiming. It looks
 * at once, so a timer that fell due while the platform was down fires now, once. stop() waits for running jobs.
 */
export async function startJobWorker(options: StartJobWorkerOptions): Promise<JobWorker> {
  const { db, config, log, now } = options;
  const healthEveryMs = config.receiverLimits.healthCheckMs ?? DEFAULT_LIMITS.healthCheckMs;
  for (const schedule of BUILTIN_SCHEDULES) {
    // The device-health interval stays the receiver setting it always was (receiverLimits.healthCheckMs).
    const defined =
      schedule.kind === JOB_KINDS.deviceHealth ? { ...schedule, everyMs: healthEveryMs } : schedule;
    await defineSchedule(db.db, defined, now());
  }
  await scheduleJob(
    db.db,
    { kind: JOB_KINDS.dailyCheckpoints, runAt: now(), key: startupCheckpointKey(now()), maxAttempts: 5 },
    now(),
  );
  const worker = createJobWorker({
    db: db.db,
    log,
    nodeId: options.nodeId,
    now,
    handlers: builtinJobHandlers({
      db,
      config,
      checkpoints: options.checkpoints,
      nodeId: options.nodeId,
      ...(options.bus ? { bus: options.bus } : {}),
    }),
    ...(config.jobs.concurrency ? { concurrency: config.jobs.concurrency } : {}),
    ...(config.jobs.pollMs ? { pollMs: config.jobs.pollMs } : {}),
    ...(config.jobs.leaseMs ? { leaseMs: config.jobs.leaseMs } : {}),
  });
  worker.start();
  return worker;
}
