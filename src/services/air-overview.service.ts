import { type AirMethod, DEFAULT_AIR_METHOD } from '#config/air-method.ts';
import type { OverviewBody, SnapshotBody } from '#contract/dashboard.ts';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { DailyRecord } from '#rules/air/daily-series.ts';
import { roundComposite, roundConcentration, roundRatio } from '#rules/air/period-rounding.ts';
import type { PeriodStats } from '#rules/air/period-stats.ts';
import {
  earlierDate,
  monthToDate,
  sameDateLastYear,
  samePeriodLastYear,
  yearToDate,
} from '#rules/air/periods.ts';
import { targetProgress } from '#rules/air/targets.ts';
import { addDays, dayCount, type IsoDate } from '#rules/time/calendar.ts';
import type { Db } from '#store/open-db.ts';
import { loadAirData, resolveAirSites } from './air-data.service.ts';
import { NO_AQI, summaryOf } from './air-hourly.service.ts';
import { assessPlaces } from './air-places.service.ts';
import { assessPeriod, figuresOf } from './air-report.service.ts';
import { changeOf, rankPlaces } from './air-report-ranking.ts';
import { townshipNames } from './air-stations.service.ts';
import { compositeThresholdOf } from './external-figures.service.ts';

/** The slow part of the overview (year-to-date targets, month rankings); the live part is added per request. */
export type OverviewCore = Omit<OverviewBody, 'now'>;

/** The overview's figures of a period: the report's figures (air-report.service.ts figuresOf), a few of them. */
function figuresFor(stats: PeriodStats, method: AirMethod) {
  const f = figuresOf(stats, stats.kind === 'year', method.rounding);
  return {
    from: stats.from,
    to: stats.to,
    days: dayCount(stats.from, stats.to),
    validDays: f.validDays,
    pm25: f.pollutants['PM2.5'].mean,
    goodRatio: f.goodRatio,
    compositeIndex: f.compositeIndex,
  };
}

function dayOf(records: readonly DailyRecord[], date: IsoDate, method: AirMethod) {
  const d = records.find((x) => x.date === date);
  return {
    date,
    aqi: d ? summaryOf(d.aqi) : NO_AQI,
    pm25: d ? roundConcentration('PM2.5', d.means['PM2.5'], method.rounding) : null,
  };
}

/**
 * Year-to-date progress on R-T1…R-T4 with the projection, the last complete day against the day before and the
 * same day a year earlier, year to date against the same period last year (only when both have enough valid
 * days), and the month-to-date ranking of stations and townships. Every period holds complete days only
 * (rules/air/periods.ts), and every figure is computed and rounded as 报表 computes it.
 */
export async function airOverviewCore(
  db: Db,
  j: Jurisdiction,
  now: number,
  method: AirMethod = DEFAULT_AIR_METHOD,
): Promise<OverviewCore> {
  const r = method.rounding;
  const ytd = yearToDate(now);
  const month = monthToDate(now);
  const yesterday = ytd.to;
  const dayBefore = addDays(yesterday, -1);
  const year = Number(yesterday.slice(0, 4));
  const sites = await resolveAirSites(db, j, undefined);
  const ly = samePeriodLastYear(ytd);
  const loadFrom = earlierDate(dayBefore, ytd.from);
  const [data, towns, lastYear, threshold] = await Promise.all([
    loadAirData(db, j, sites, loadFrom, yesterday, method),
    townshipNames(db),
    assessPeriod(db, j, sites, ly.from, ly.to, false, method),
    // R-T4's threshold is external data the office enters (外部数据, issue 12).
    compositeThresholdOf(db.db, year),
  ]);
  const none = { stations: false, townships: false };
  const yearPlaces = await assessPlaces(data, sites, ytd, none, method);
  const twoDays = await assessPlaces(data, sites, { from: dayBefore, to: yesterday }, none, method);
  const monthPlaces = await assessPlaces(data, sites, month, { stations: true, townships: true }, method);
  const ranked = rankPlaces(monthPlaces, undefined, undefined, r);
  const ytdStats = yearPlaces.district.report.whole;
  const lyStats = lastYear.district.report.whole;
  const t = targetProgress({
    year,
    records: yearPlaces.district.days,
    asOf: yesterday,
    sandDustDates: data.sandDustDates,
    compositeThreshold: threshold?.value ?? null,
    composite: method.composite,
    complianceDecimals: method.complianceDecimals,
    percentiles2012: method.percentiles2012,
    remainingValidDays: method.remainingValidDays,
    compositeAtThreshold: method.compositeAtThreshold,
  });
  const days = twoDays.district.days;
  return {
    today: addDays(yesterday, 1),
    year,
    targets: {
      asOf: t.asOf,
      remainingDays: t.remainingDays,
      pm25: {
        target: t.pm25.target,
        meanSoFar: roundConcentration('PM2.5', t.pm25.meanSoFar, r),
        projected: roundConcentration('PM2.5', t.pm25.projected, r),
        maxRemainingMean: roundConcentration('PM2.5', t.pm25.maxRemainingMean, r),
        status: t.pm25.status,
      },
      goodRatio: {
        target: t.goodRatio.target,
        ratioSoFar: roundRatio(t.goodRatio.ratioSoFar, r),
        daysSoFar: t.goodRatio.daysSoFar,
        validDaysSoFar: t.goodRatio.validDaysSoFar,
        expectedTotalValidDays: t.goodRatio.expectedTotalValidDays,
        stillNeeded: t.goodRatio.remainingNeededOrAllowed,
        projectedRatio: roundRatio(t.goodRatio.projectedRatio, r),
        status: t.goodRatio.status,
      },
      heavyRatio: {
        target: t.heavyRatio.target,
        ratioSoFar: roundRatio(t.heavyRatio.ratioSoFar, r),
        daysSoFar: t.heavyRatio.daysSoFar,
        stillAllowed: t.heavyRatio.remainingNeededOrAllowed,
        projectedRatio: roundRatio(t.heavyRatio.projectedRatio, r),
        status: t.heavyRatio.status,
      },
      composite: {
        value: roundComposite(t.composite.value, r),
        threshold: threshold?.value ?? null,
        thresholdSource: threshold?.source ?? null,
        status: t.composite.status,
      },
    },
    days: {
      latest: dayOf(days, yesterday, method),
      previous: dayOf(days, dayBefore, method),
      lastYear: dayOf(lastYear.district.days, sameDateLastYear(yesterday), method),
    },
    ytd: figuresFor(ytdStats, method),
    ytdActual: figuresFor(yearPlaces.district.report.actual, method),
    ytdDeductedDays: ytdStats.sandDustDays,
    ytdLastYear: figuresFor(lyStats, method),
    ytdChange: changeOf(ytdStats, lyStats, r) as NonNullable<ReturnType<typeof changeOf>>,
    stations: sites
      .map((s) => {
        const stats = monthPlaces.stations.get(s.code)?.report.whole as PeriodStats;
        const f = figuresFor(stats, method);
        return {
          code: s.code,
          name: s.name,
          nameEn: s.nameEn,
          townshipId: s.townshipId,
          townshipName: s.townshipId ? (towns.get(s.townshipId) ?? null) : null,
          rank: ranked.stations.get(s.code)?.rank ?? null,
          compositeIndex: f.compositeIndex,
          pm25: f.pm25,
          goodRatio: f.goodRatio,
          aqiNow: NO_AQI,
          status: 'online' as const,
        };
      })
      .sort(byRank),
    townships: [...monthPlaces.townships]
      .map(([id, a]) => {
        const f = figuresFor(a.report.whole, method);
        return {
          id,
          name: towns.get(id) ?? id,
          stations: a.codes.length,
          rank: ranked.townships.get(id)?.rank ?? null,
          compositeIndex: f.compositeIndex,
          pm25: f.pm25,
          goodRatio: f.goodRatio,
        };
      })
      .sort(byRank),
    monthFrom: month.from,
    monthTo: month.to,
    rounding: r,
  };
}

/** Ranked first, by rank; the unranked (no composite index) after them in their order. */
function byRank(a: { rank: number | null }, b: { rank: number | null }): number {
  if (a.rank === null || b.rank === null) return a.rank === null ? (b.rank === null ? 0 : 1) : -1;
  return a.rank - b.rank;
}

/** The overview: its slow core plus the district's and each station's newest hour and state. */
export function overviewOf(core: OverviewCore, snapshot: SnapshotBody): OverviewBody {
  const byCode = new Map(snapshot.stations.map((s) => [s.code, s]));
  return {
    ...core,
    now: { time: snapshot.at, values: snapshot.district.values, aqi: snapshot.district.aqi },
    stations: core.stations.map((s) => {
      const live = byCode.get(s.code);
      return live ? { ...s, aqiNow: live.aqi, status: live.status, statusNote: live.statusNote ?? null } : s;
    }),
  };
}
