import type { Config } from '#config/config.ts';
import { JOB_KINDS } from '#platform/jobs/builtin-schedules.ts';
import type { JobHandler } from '#platform/jobs/worker.ts';
import type { CheckpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { runDailyCheckpoints } from '#services/checkpoints/daily-checkpoint.ts';
import type { Db } from '#store/open-db.ts';
import { sweepQuarantine } from '../receiver/quarantine-sweep.ts';
import { DEFAULT_LIMITS } from '../receiver/receiver-options.ts';

/**
 * What each built-in job kind does (src/platform/jobs/builtin-schedules.ts lists when). Later modules add their
 * handler here beside their schedule.
 */
export function builtinJobHandlers(deps: {
  db: Db;
  config: Config;
  checkpoints: CheckpointSettings;
}): Record<string, JobHandler> {
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
  };
}
