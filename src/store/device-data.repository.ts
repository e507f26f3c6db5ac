import type { Kysely } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import type { MeasurementPeriod, MeasurementRow } from './measurements.table.ts';
import { listRealtimeValues } from './realtime-values.repository.ts';
import { visibleSiteIds } from './site-visibility.ts';

export interface SiteValuesQuery {
  siteId: number;
  parameters: readonly string[];
  period: MeasurementPeriod;
  /** Epoch ms, inclusive / exclusive. */
  from?: number;
  to?: number;
  limit?: number;
}

/**
 * Values of one site for some parameters and one period, newest first (what a device has delivered); none when
 * the site lies outside `j`.
 */
export async function listSiteValues(
  db: Kysely<Database>,
  j: Jurisdiction,
  q: SiteValuesQuery,
): Promise<MeasurementRow[]> {
  if (q.parameters.length === 0) return [];
  if (q.period === 'raw') return listRealtimeValues(db, j, q);
  let query = db
    .selectFrom('measurements')
    .selectAll()
    .where('site_id', '=', q.siteId)
    .$if(!j.all, (b) => b.where('site_id', 'in', visibleSiteIds(db, j)))
    .where('parameter', 'in', [...q.parameters])
    .where('period', '=', q.period);
  if (q.from !== undefined) query = query.where('time', '>=', q.from);
  if (q.to !== undefined) query = query.where('time', '<', q.to);
  return query
    .orderBy('time', 'desc')
    .orderBy('parameter')
    .limit(q.limit ?? 500)
    .execute();
}
