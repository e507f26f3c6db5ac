import type { PollutantKey } from '#contract/dashboard.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { type HourGap, hourGaps, offlinePeriods } from '#rules/air/hour-gaps.ts';
import { POLLUTANTS } from '#rules/air/types.ts';
import { loggerStateChanges, unusableHours } from '#store/hour-gaps.repository.ts';
import type { Db } from '#store/open-db.ts';

const HOUR = 3_600_000;

/**
 * The hours of one station with no usable value of any pollutant, each with why (issue 12: gaps explained), for
 * the series [t0, t0 + count h). Only the missing hours are looked into, so a station without gaps costs nothing.
 */
export async function stationGaps(
  db: Db,
  j: Jurisdiction,
  siteId: number,
  t0: number,
  values: Record<PollutantKey, readonly (number | null)[]>,
  count: number,
): Promise<HourGap[]> {
  const missing = Array.from({ length: count }, (_, i) => POLLUTANTS.every((p) => values[p][i] == null));
  if (!missing.includes(true)) return [];
  const from = t0;
  const to = t0 + count * HOUR;
  const [invalid, loggers] = await Promise.all([
    unusableHours(db.db, j, { siteId, parameters: POLLUTANTS, from, to }),
    loggerStateChanges(db.db, j, { siteId, from, to }),
  ]);
  const offline = loggers.map((l) => offlinePeriods(l.before, from, l.changes));
  return hourGaps({ t0, count, missing, invalid, offline });
}
