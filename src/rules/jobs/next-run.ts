import { Cron } from 'croner';

/** The district's calendar: schedules are read in Beijing time unless they say otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** When a periodic schedule fires: a cron expression read in a time zone, or a fixed interval. */
export type Recurrence = { cron: string; timezone?: string } | { everyMs: number };

/**
 * The first occurrence strictly after `after` (epoch ms).
 * - cron: five to seven fields (croner, which implements the POSIX/Vixie syntax with time zones, so
 *   '5 0 * * *' in Asia/Shanghai is 00:05 Beijing = 16:05 UTC the day before).
 * - interval: `anchor + k × everyMs` for the smallest k that lands after `after`, so an interval keeps its phase
 *   across restarts instead of drifting by the time the worker took to notice it. Without an anchor, after + everyMs.
 * A schedule that fell due several times while no node ran moves straight to the next future occurrence: the missed
 * ones are not replayed (the caller fires the overdue one once).
 */
export function nextOccurrence(recurrence: Recurrence, after: number, anchor?: number): number {
  if ('everyMs' in recurrence) {
    const every = recurrence.everyMs;
    if (!(Number.isSafeInteger(every) && every > 0))
      throw new RangeError(`interval ${every} ms is not positive`);
    if (anchor === undefined || anchor > after) return anchor ?? after + every;
    return anchor + (Math.floor((after - anchor) / every) + 1) * every;
  }
  const cron = new Cron(recurrence.cron, { timezone: recurrence.timezone ?? DEFAULT_TIME_ZONE });
  const next = cron.nextRun(new Date(after));
  if (!next)
    throw new RangeError(
      `cron "${recurrence.cron}" has no occurrence after ${new Date(after).toISOString()}`,
    );
  return next.getTime();
}

/** Throws a readable error when `cron` is not a valid expression or the zone unknown; used before storing one. */
export function checkRecurrence(recurrence: Recurrence): void {
  nextOccurrence(recurrence, 0);
}
