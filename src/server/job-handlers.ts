import type { Config } from '#config/config.ts';
import { JOB_KINDS } from '#platform/jobs/builtin-schedules.ts';
import type { JobHandler } from '#platform/jobs/worker.ts';
import { notifyOutboxCommitted } from '#platform/outbox/outbox-wake.ts';
import type { CheckpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { runDailyCheckpoints } from '#services/checkpoints/daily-checkpoint.ts';
import { pruneFinishedJobs } from '#store/jobs.repository.ts';
import type { Db } from '#store/open-db.ts';
import { appendOutbox, pruneOutbox } from '#store/outbox.repository.ts';
import type { EventBus } from '../receiver/event-bus.ts';
import { runDeviceHealthCheck } from '../receiver/health-monitor.ts';
import { sweepQuarantine } from '../receiver/quarantine-sweep.ts';
import type { ReceiverEvents } from '../receiver/receiver-events.ts';
import { DEFAULT_LIMITS } from '../receiver/receiver-options.ts';

/**
 * What each built-in job kind does (src/platform/jobs/builtin-schedules.ts lists when). Later modules add their
 * handler here beside their schedule.
 */
export function builtinJobHandlers(deps: {
  db: Db;
  config: Config;
  checkpoints: CheckpointSettings;
  /** This process's bus: device transitions are emitted on it too (the outbox carries them across nodes). */
  bus?: EventBus<ReceiverEvents>;
  /** This node, recorded on the outbox rows its jobs write. */
  nodeId?: string;
}): Record<string, JobHandler> {
  const jobsKeepMs = (deps.config.jobs.keepDays ?? 7) * 86_400_000;
  const retentionDays =
    deps.config.receiverLimits.quarantineRetentionDays ?? DEFAULT_LIMITS.quarantineRetentionDays;
  return {
    [JOB_KINDS.dailyCheckpoints]: {
      maxAttempts: 5,
      backoff: { baseMs: 60_000, capMs: 30 * 60_000 },
      async run(_job, ctx) {
        await runDailyCheckpoints({ db: deps.db.db, settings: deps.checkpoints, now: ctx.now, log: ctx.log });
      },
    },
    [JOB_KINDS.quarantineSweep]: {
      maxAttempts: 3,
      async run(_job, ctx) {
        await sweepQuarantine(deps.db.db, {
          now: ctx.now(),
          retentionMs: retentionDays * 86_400_000,
          log: ctx.log,
        });
      },
    },
    [JOB_KINDS.deviceHealth]: {
      // A missed check is made good by the next one 15 s later: no retries piling up behind it.
      maxAttempts: 1,
      async run(_job, ctx) {
        const at = ctx.now();
        // `since`: a device never heard from counts from the first check that saw it (stored by the check).
        await runDeviceHealthCheck({
          db: deps.db,
          log: ctx.log,
          ...(deps.bus ? { bus: deps.bus } : {}),
          now: at,
          since: at,
          ...(deps.nodeId ? { node: deps.nodeId } : {}),
        });
      },
    },
    [JOB_KINDS.ping]: {
      maxAttempts: 3,
      async run(job, ctx) {
        const ranAt = ctx.now();
        const node = deps.nodeId ?? 'local';
        await deps.db.db.transaction().execute((trx) =>
          appendOutbox(trx, [
            {
              topic: 'platform.pinged',
              at: ranAt,
              subject: String(job.id),
              node,
              payload: { jobId: job.id, node, dueAt: job.runAt, ranAt },
            },
          ]),
        );
        notifyOutboxCommitted(deps.db);
        ctx.log.info(`ping job ${job.id} fired on ${node}, ${ranAt - job.runAt} ms after it fell due`);
      },
    },
    [JOB_KINDS.outboxPrune]: {
      maxAttempts: 3,
      async run(_job, ctx) {
        const keepMs = deps.config.outbox.retentionDays * 86_400_000;
        const removed = await pruneOutbox(deps.db.db, { olderThan: ctx.now() - keepMs });
        if (removed > 0) ctx.log.info(`outbox: removed ${removed} event(s) past their retention`);
      },
    },
    [JOB_KINDS.jobsPrune]: {
      maxAttempts: 3,
      async run(_job, ctx) {
        const removed = await pruneFinishedJobs(deps.db.db, ctx.now() - jobsKeepMs);
        if (removed > 0) ctx.log.info(`jobs: removed ${removed} finished job(s) past their retention`);
      },
    },
  };
}
