import type { Kysely } from 'kysely';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import { pruneQuarantinedPackets } from '#store/quarantine.repository.ts';

/**
 * Removes quarantined packets older than the retention. Runs as the durable job `quarantine.sweep` (hourly, on one
 * node at a time; src/platform/jobs/builtin-schedules.ts), no longer on each receiver's timer. Safe to run twice.
 */
export async function sweepQuarantine(
  db: Kysely<Database>,
  options: { now: number; retentionMs: number; log: Logger },
): Promise<number> {
  const removed = await pruneQuarantinedPackets(db, options.now - options.retentionMs);
  if (removed > 0) {
    options.log.info(
      `quarantine retention: removed ${removed} packet(s) older than ${Math.round(options.retentionMs / 86_400_000)} day(s)`,
    );
  }
  return removed;
}
