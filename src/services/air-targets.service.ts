import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { TargetsQuery } from '#contract/air.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { earlierDate, lastCompleteDay } from '#rules/air/periods.ts';
import { type TargetProgress, targetProgress } from '#rules/air/targets.ts';
import type { IsoDate } from '#rules/time/calendar.ts';
import type { Db } from '#store/open-db.ts';
import { resolveAirSites } from './air-data.service.ts';
import { assessPeriod } from './air-report.service.ts';
import { type ReportNote, targetNotes } from './air-report-notes.ts';
import { UserError } from './errors.ts';

/**
 * Progress on R-T1…R-T4 for a year as of a date (default: the last complete day, or the year's end for a past
 * year; never a day that is not over, rules/air/periods.ts): year-to-date figures and what the rest of the year
 * must achieve.
 */
export async function airTargets(
  db: Db,
  j: Jurisdiction,
  query: TargetsQuery,
  now = Date.now(),
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<TargetProgress & { notes: ReportNote[] }> {
  const yearStart: IsoDate = `${query.year}-01-01`;
  const yearEnd: IsoDate = `${query.year}-12-31`;
  const last = lastCompleteDay(now);
  const asked = query.asOf ?? yearEnd;
  if (asked < yearStart || asked > yearEnd) {
    throw new UserError('bad_as_of', `截止日期须在 ${query.year} 年内 / asOf must lie in ${query.year}`);
  }
  const asOf = earlierDate(asked, last);
  if (asOf < yearStart) {
    throw new UserError(
      'no_complete_day',
      `${query.year} 年尚无完整的一天（最近的完整日为 ${last}）/ no day of ${query.year} is complete yet (the last is ${last})`,
    );
  }
  const sites = await resolveAirSites(db, j, query.sites);
  const assessment = await assessPeriod(db, j, sites, yearStart, asOf, false, method);
  const progress = targetProgress({
    year: query.year,
    records: assessment.district.days,
    asOf,
    compositeThreshold: query.compositeThreshold ?? null,
    composite: method.composite,
    complianceDecimals: method.complianceDecimals,
    percentiles2012: method.percentiles2012,
    remainingValidDays: method.remainingValidDays,
    compositeAtThreshold: method.compositeAtThreshold,
  });
  // How the projection and R-T4 were read (issue 13: each [M] assumption a line in the notes).
  return { ...progress, notes: targetNotes(method) };
}
