import type { TargetsQuery } from '#contract/air.ts';
import { dateOf, type IsoDate } from '#rules/air/calendar.ts';
import { type TargetProgress, targetProgress } from '#rules/air/targets.ts';
import type { Db } from '#store/open-db.ts';
import { resolveAirSites } from './air-data.service.ts';
import { assessPeriod } from './air-report.service.ts';
import { UserError } from './errors.ts';

/**
 * Progress on R-T1…R-T4 for a year as of a date (default: today, or the year's end for a past year):
 * year-to-date figures and what the rest of the year must achieve.
 */
export async function airTargets(db: Db, query: TargetsQuery, now = Date.now()): Promise<TargetProgress> {
  const yearStart: IsoDate = `${query.year}-01-01`;
  const yearEnd: IsoDate = `${query.year}-12-31`;
  const today = dateOf(now);
  const asOf = query.asOf ?? (today < yearEnd ? today : yearEnd);
  if (asOf < yearStart || asOf > yearEnd) {
    throw new UserError('bad_as_of', `截止日期须在 ${query.year} 年内 / asOf must lie in ${query.year}`);
  }
  const sites = await resolveAirSites(db, query.sites);
  const assessment = await assessPeriod(db, sites, yearStart, asOf, false);
  return targetProgress({
    year: query.year,
    records: assessment.district.days,
    asOf,
    compositeThreshold: query.compositeThreshold ?? null,
  });
}
