import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { DailyQuery } from '#contract/air.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { DailyRecord } from '#rules/air/daily-series.ts';
import type { DayVerdict } from '#rules/air/day-rule.ts';
import { roundOrNull } from '#rules/air/exact.ts';
import type { Pollutant, RuleSetId } from '#rules/air/types.ts';
import type { IsoDate } from '#rules/time/calendar.ts';
import type { Db } from '#store/open-db.ts';
import { resolveAirSites } from './air-data.service.ts';
import { assessPeriod, checkPeriod } from './air-report.service.ts';

/** One line of the daily AQI table (日报表). Concentrations at AQI input precision; CO mg/m³, others µg/m³. */
export interface DailyRow {
  date: IsoDate;
  /** 'district' for the district value, otherwise a site code. */
  site: string;
  siteName: string;
  ruleSet: RuleSetId;
  aqi: number | null;
  level: number | null;
  category: string | null;
  color: string | null;
  primaryPollutants: Pollutant[];
  'PM2.5': number | null;
  PM10: number | null;
  SO2: number | null;
  NO2: number | null;
  CO: number | null;
  O3_8h: number | null;
  O3_1h_max: number | null;
  valid: boolean;
  /** Which day rule made the day count or not, and why (rules/air/day-rule.ts; issue 13). */
  verdict: DayVerdict;
}

export interface DailyTable {
  from: IsoDate;
  to: IsoDate;
  total: number;
  page: number;
  pageSize: number;
  rows: DailyRow[];
}

const r = roundOrNull;

function rowOf(site: string, siteName: string, d: DailyRecord): DailyRow {
  return {
    date: d.date,
    site,
    siteName,
    ruleSet: d.ruleSet,
    aqi: d.aqi.aqi,
    level: d.aqi.category?.level ?? null,
    category: d.aqi.category?.nameZh ?? null,
    color: d.aqi.category?.color ?? null,
    primaryPollutants: d.aqi.primaryPollutants,
    'PM2.5': r(d.means['PM2.5'], 0),
    PM10: r(d.means.PM10, 0),
    SO2: r(d.means.SO2, 0),
    NO2: r(d.means.NO2, 0),
    CO: r(d.means.CO, 1),
    O3_8h: r(d.o3Mda8, 0),
    O3_1h_max: r(d.o3Max1h, 0),
    valid: d.valid,
    verdict: d.verdict,
  };
}

export const DISTRICT_ROW = 'district';

/** The daily AQI table of the district value and, with `perSite`, of each site; paged. */
export async function airDaily(
  db: Db,
  j: Jurisdiction,
  query: DailyQuery,
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<DailyTable> {
  checkPeriod(query.from, query.to);
  const sites = await resolveAirSites(db, j, query.sites);
  checkPeriod(query.from, query.to, sites.length + 1);
  const assessment = await assessPeriod(db, j, sites, query.from, query.to, query.perSite, method);
  const rows = assessment.district.days.map((d) => rowOf(DISTRICT_ROW, '区域 / district', d));
  if (query.perSite) {
    for (const site of sites) {
      for (const d of assessment.perStation[site.code]?.days ?? []) rows.push(rowOf(site.code, site.name, d));
    }
  }
  const start = (query.page - 1) * query.pageSize;
  return {
    from: query.from,
    to: query.to,
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.slice(start, start + query.pageSize),
  };
}
