/**
 * Full-year district report over every station in a database: the time a user waits for
 * `qingshan air report --from Y-01-01 --to Y-12-31 --all`, split into loading and computing.
 */

import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { assessGrids } from '../src/rules/air/district.ts';
import { loadAirData, resolveAirSites } from '../src/services/air-data.service.ts';
import { airReport } from '../src/services/air-report.service.ts';
import type { Db } from '../src/store/open-db.ts';

/** The benchmark reads what it wrote, every site. */
const EVERY_SITE = Jurisdiction.system('bench');

export interface ReportBenchFigures {
  stations: number;
  /** Best of the runs, ms: the whole report (load + rules + shaping). */
  reportMs: number;
  /** Of which: reading the year's hourly values into grids. */
  loadMs: number;
  /** Of which: the rules (daily values, AQI, statistics) for the district and every station. */
  computeMs: number;
}

const best = async (runs: number, f: () => Promise<unknown> | unknown): Promise<number> => {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    min = Math.min(min, performance.now() - t);
  }
  return Math.round(min);
};

export async function runReportBench(db: Db, year: number, runs = 5): Promise<ReportBenchFigures> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const sites = await resolveAirSites(db, EVERY_SITE, undefined);
  const reportMs = await best(runs, () => airReport(db, EVERY_SITE, { from, to, yoy: false }));
  const loadMs = await best(runs, () => loadAirData(db, EVERY_SITE, sites, from, to));
  const data = await loadAirData(db, EVERY_SITE, sites, from, to);
  const computeMs = await best(runs, () =>
    assessGrids(data.grids, {
      from,
      to,
      stations: sites.map((s) => s.code),
      sandDustDates: data.sandDustDates,
    }),
  );
  return { stations: sites.length, reportMs, loadMs, computeMs };
}
