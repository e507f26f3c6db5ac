import { dateOf } from '#rules/time/calendar.ts';
import type { Logger } from '#services/logger.ts';
import { type CheckpointDeps, writeDailyCheckpoints } from './checkpoint.service.ts';

/**
 * The daily signed checkpoints (issue 11) as durable jobs (issue 14), no longer a timer in each serve process:
 * - the schedule `checkpoints.daily` (cron '5 0 * * *' in Asia/Shanghai, src/platform/jobs/builtin-schedules.ts)
 *   runs once a day on one node, and once on restart if its time passed while every node was down;
 * - at start, a one-shot job keyed by the Beijing date writes the day's checkpoints if they are missing, so a
 *   fresh installation has one at once; a restart the same day finds the key taken and adds no job.
 * Safe to run more than once: writeDailyCheckpoints decides from the checkpoint file alone and skips a head
 * already checkpointed today by this key.
 */
export async function runDailyCheckpoints(deps: CheckpointDeps & { log: Logger }): Promise<number> {
  const written = await writeDailyCheckpoints(deps);
  for (const c of written.checkpoints) {
    deps.log.info(`checkpoint: ${c.chain} head ${c.headId} ${c.headHash.slice(0, 16)}… → ${written.file}`);
  }
  return written.checkpoints.length;
}

/** The dedup key of the start-up checkpoint job: one per Beijing day, whichever node starts first. */
export function startupCheckpointKey(now: number): string {
  return `checkpoints.daily:start@${dateOf(now)}`;
}
