import type { OverviewBody, SnapshotBody } from '#contract/dashboard.ts';
import { addDays, dateOf, type IsoDate } from '#rules/air/calendar.ts';
import { type DailyRecord, dailySeries, type HourlyGrid } from '#rules/air/daily-series.ts';
import { assessGrids, districtGrid } from '#rules/air/district.ts';
import { periodStats } from '#rules/air/period-stats.ts';
import { targetProgress } from '#rules/air/targets.ts';
import { POLLUTANTS, type Pollutant } from '#rules/air/types.ts';
import { dustDaySet } from '#store/dust-days.repository.ts';
import type { Db } from '#store/open-db.ts';
import type { Site } from '#store/sites.repository.ts';
import { loadAirData, resolveAirSites } from './air-data.service.ts';
import { NO_AQI, summaryOf } from './air-hourly.service.ts';
import { assessPeriod, figuresOf } from './air-report.service.ts';
import { townshipNames } from './air-stations.service.ts';
import { compositeThresholdOf } from './external-figures.service.ts';

/** The slow part of the overview (year-to-date targets, month rankings); the live part is added per request. */
export type OverviewCore = Omit<OverviewBody, 'now'>;

const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** The same calendar date a year earlier (29 February → 28 February). */
function lastYearOf(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(5);
  return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
}

/** The days [from, to] of a grid, sharing its memory. */
function sliceGrid(grid: HourlyGrid, from: IsoDate, to: IsoDate): HourlyGrid {
  const start = Math.round(
    (Date.parse(`${from}T00:00:00Z`) - Date.parse(`${grid.from}T00:00:00Z`)) / 86_400_000,
  );
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const values = {} as Record<Pollutant, Float64Array>;
  for (const p of POLLUTANTS) values[p] = grid.values[p].subarray(start * 24, (start + days) * 24);
  return { from, days, t0: grid.t0 + start * 86_400_000, values };
}

function figuresFor(records: readonly DailyRecord[], from: IsoDate, to: IsoDate, dust: Set<IsoDate>) {
  const f = figuresOf(periodStats(records, { from, to, sandDustDates: dust }));
  return {
    validDays: f.validDays,
    pm25: f.pollutants['PM2.5'].mean,
    goodRatio: f.goodRatio,
    compositeIndex: f.compositeIndex,
  };
}

function dayOf(records: readonly DailyRecord[], date: IsoDate) {
  const d = records.find((x) => x.date === date);
  return { date, aqi: d ? summaryOf(d.aqi) : NO_AQI, pm25: d ? r1(d.means['PM2.5']) : null };
}

/** Ranks by composite index, lower first; stations without one go last, unranked order kept. */
function rank<T extends { compositeIndex: number | null }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) => (a.compositeIndex ?? Number.POSITIVE_INFINITY) - (b.compositeIndex ?? Number.POSITIVE_INFINITY),
  );
  return sorted.map((row, i) => ({ ...row, rank: i + 1 }));
}

/**
 * Year-to-date progress on R-T1…R-T4 with the projection, yesterday against the day before and against the
 * same day a year earlier, year to date against the same period last year, and the month-to-date ranking of
 * stations and townships by composite index.
 */
export async function airOverviewCore(db: Db, now: number): Promise<OverviewCore> {
  const today = dateOf(now);
  const year = Number(today.slice(0, 4));
  const yearStart: IsoDate = `${year}-01-01`;
  const yesterday = addDays(today, -1);
  const monthFrom: IsoDate = `${today.slice(0, 7)}-01`;
  const from = yesterday < yearStart ? addDays(yesterday, -1) : yearStart;
  const sites = await resolveAirSites(db, undefined);
  const lyFrom = lastYearOf(yearStart);
  const lyTo = lastYearOf(today);
  const [data, towns, lastYear, lyDust, threshold] = await Promise.all([
    loadAirData(db, sites, from, today),
    townshipNames(db),
    assessPeriod(db, sites, lyFrom, lyTo, false),
    dustDaySet(db.db, { from: lyFrom, to: lyTo }),
    // R-T4's threshold is external data the office enters (外部数据, issue 12).
    compositeThresholdOf(db.db, year),
  ]);
  const codes = sites.map((s) => s.code);
  const whole = assessGrids(data.grids, {
    from,
    to: today,
    stations: codes,
    sandDustDates: data.sandDustDates,
    perStation: false,
  });
  const days = whole.district.days;
  const ytdDays = days.filter((d) => d.date >= yearStart);
  const t = targetProgress({
    year,
    records: ytdDays,
    asOf: today,
    sandDustDates: data.sandDustDates,
    compositeThreshold: threshold?.value ?? null,
  });
  const dust = data.sandDustDates;
  const lyDays = lastYear.district.days;
  return {
    today,
    year,
    targets: {
      asOf: t.asOf,
      remainingDays: t.remainingDays,
      pm25: {
        target: t.pm25.target,
        meanSoFar: r1(t.pm25.meanSoFar),
        projected: r1(t.pm25.projected),
        maxRemainingMean: r1(t.pm25.maxRemainingMean),
        status: t.pm25.status,
      },
      goodRatio: {
        target: t.goodRatio.target,
        ratioSoFar: r1(t.goodRatio.ratioSoFar),
        daysSoFar: t.goodRatio.daysSoFar,
        validDaysSoFar: t.goodRatio.validDaysSoFar,
        expectedTotalValidDays: t.goodRatio.expectedTotalValidDays,
        stillNeeded: t.goodRatio.remainingNeededOrAllowed,
        projectedRatio: r1(t.goodRatio.projectedRatio),
        status: t.goodRatio.status,
      },
      heavyRatio: {
        target: t.heavyRatio.target,
        ratioSoFar: r1(t.heavyRatio.ratioSoFar),
        daysSoFar: t.heavyRatio.daysSoFar,
        stillAllowed: t.heavyRatio.remainingNeededOrAllowed,
        projectedRatio: r1(t.heavyRatio.projectedRatio),
        status: t.heavyRatio.status,
      },
      composite: {
        value: t.composite.value === null ? null : Math.round(t.composite.value * 100) / 100,
        threshold: threshold?.value ?? null,
        thresholdSource: threshold?.source ?? null,
        status: t.composite.status,
      },
    },
    days: {
      latest: dayOf(days, yesterday),
      previous: dayOf(days, addDays(yesterday, -1)),
      lastYear: dayOf(lyDays, lastYearOf(yesterday)),
    },
    ytd: { from: yearStart, to: today, ...figuresFor(ytdDays, yearStart, today, dust) },
    ytdLastYear: { from: lyFrom, to: lyTo, ...figuresFor(lyDays, lyFrom, lyTo, lyDust) },
    stations: rankStations(sites, data.grids, towns, monthFrom, today, dust),
    townships: rankTownships(sites, data.grids, towns, monthFrom, today, dust),
    monthFrom,
  };
}

function monthFigures(grids: HourlyGrid[], from: IsoDate, to: IsoDate, dust: Set<IsoDate>) {
  const g = districtGrid(grids.map((x) => sliceGrid(x, from, to)));
  return figuresFor(dailySeries(g), from, to, dust);
}

function rankStations(
  sites: Site[],
  grids: Map<string, HourlyGrid>,
  towns: Map<string, string>,
  from: IsoDate,
  to: IsoDate,
  dust: Set<IsoDate>,
): OverviewCore['stations'] {
  return rank(
    sites.map((s) => {
      const f = monthFigures([grids.get(s.code) as HourlyGrid], from, to, dust);
      return {
        code: s.code,
        name: s.name,
        nameEn: s.nameEn,
        townshipId: s.townshipId,
        townshipName: s.townshipId ? (towns.get(s.townshipId) ?? null) : null,
        compositeIndex: f.compositeIndex,
        pm25: f.pm25,
        goodRatio: f.goodRatio,
        aqiNow: NO_AQI,
        status: 'online' as const,
      };
    }),
  );
}

function rankTownships(
  sites: Site[],
  grids: Map<string, HourlyGrid>,
  towns: Map<string, string>,
  from: IsoDate,
  to: IsoDate,
  dust: Set<IsoDate>,
): OverviewCore['townships'] {
  const byTown = new Map<string, HourlyGrid[]>();
  for (const s of sites) {
    if (!s.townshipId) continue;
    const list = byTown.get(s.townshipId) ?? [];
    list.push(grids.get(s.code) as HourlyGrid);
    byTown.set(s.townshipId, list);
  }
  return rank(
    [...byTown].map(([id, list]) => {
      const f = monthFigures(list, from, to, dust);
      return {
        id,
        name: towns.get(id) ?? id,
        stations: list.length,
        compositeIndex: f.compositeIndex,
        pm25: f.pm25,
        goodRatio: f.goodRatio,
      };
    }),
  );
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
