import { addDays, dateOf, startOfDay } from '#rules/time/calendar.ts';
import type { Logger } from '#services/logger.ts';

/** Run a little after midnight, so a timer that fires a hair early still sees the new day. */
const AFTER_MIDNIGHT_MS = 5_000;

/** Milliseconds from `now` until just after the next Asia/Shanghai midnight. */
export function msUntilNextRun(now: number): number {
  return startOfDay(addDays(dateOf(now), 1)) + AFTER_MIDNIGHT_MS - now;
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface DailyCheckpoints {
  /** Cancels the next run and waits for one under way (so the database is not closed beneath it). */
  stop(): Promise<void>;
}

/**
 * The serve process's daily checkpoint (issue 11): once at start, then just after each Asia/Shanghai midnight.
 *
 * A timer in memory, which the house rules avoid, because the platform has no durable job scheduler yet; when
 * the scheduler lands (a later issue) this becomes a daily job in Asia/Shanghai there. It is safe meanwhile,
 * on one node or several sharing one PostgreSQL: the timer holds no state — each `run` reads the chain heads and
 * the checkpoint file afresh and skips a head already checkpointed today — and a checkpoint is an independent
 * statement signed by the node that makes it, so a restart, a missed midnight, or every node running it only
 * adds true statements (at most one a day per head and key), never a wrong one.
 */
export function startDailyCheckpoints(options: {
  run: () => Promise<void>;
  now: () => number;
  log: Logger;
  timers?: Timers;
}): DailyCheckpoints {
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let handle: unknown;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = options
      .run()
      .catch((err: unknown) =>
        options.log.error(`daily checkpoint failed (next try after midnight): ${(err as Error).message}`),
      )
      .finally(() => {
        if (!stopped) handle = timers.set(tick, msUntilNextRun(options.now()));
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (handle !== undefined) timers.clear(handle);
      await inFlight;
    },
  };
}
