/**
 * Writing modelled hours for the sample stations: shared by the history seed and the live feed, so both
 * produce exactly the same rows (values come from the deterministic air model).
 */
import type { Kysely } from 'kysely';
import { POLLUTANTS } from '#rules/air/types.ts';
import type { Database } from '#store/database.ts';
import { type MeasurementInput, upsertMeasurements } from '#store/measurements.repository.ts';
import { modelMissing, modelValue } from './air-model.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET = 8 * HOUR;

export const DEMO_SOURCE = 'demo';

/** A sample station as stored (database id) with the model's parameters. */
export interface FeedSite {
  id: number;
  code: string;
  seed: number;
  factor: number;
}

/** Start (epoch ms) of the Asia/Shanghai calendar day containing `time`. */
export function startOfShanghaiDay(time: number): number {
  return Math.floor((time + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
}

/** Start of the last hour that has fully ended at `now` (the hour [t, t + 1 h) with t + 1 h ≤ now). */
export function lastCompleteHour(now: number): number {
  return Math.floor(now / HOUR) * HOUR - HOUR;
}

/**
 * Latest stored hourly time per site (any parameter), or absent when the site has none. One query per site ×
 * pollutant: each is a seek on the primary key (site_id, parameter, period, time), so this stays cheap however
 * much history is stored.
 */
export async function latestHours(
  db: Kysely<Database>,
  siteIds: readonly number[],
): Promise<Map<number, number>> {
  const latest = new Map<number, number>();
  for (const siteId of siteIds) {
    for (const parameter of POLLUTANTS) {
      const row = await db
        .selectFrom('measurements')
        .select((eb) => eb.fn.max('time').as('latest'))
        .where('site_id', '=', siteId)
        .where('parameter', '=', parameter)
        .where('period', '=', 'hour')
        .executeTakeFirst();
      const t = row?.latest;
      if (t !== null && t !== undefined) {
        const n = Number(t);
        if (n > (latest.get(siteId) ?? Number.NEGATIVE_INFINITY)) latest.set(siteId, n);
      }
    }
  }
  return latest;
}

/** The modelled rows of one site for the hours from ≤ t ≤ to (hour starts), missing hours left out. */
export function modelRows(
  site: FeedSite,
  from: number,
  to: number,
  out: MeasurementInput[] = [],
): MeasurementInput[] {
  for (let t = from; t <= to; t += HOUR) {
    for (const parameter of POLLUTANTS) {
      if (modelMissing(t, site.seed, parameter)) continue;
      out.push({
        site_id: site.id,
        parameter,
        period: 'hour',
        time: t,
        value: modelValue(parameter, t, site.seed, site.factor),
        flag: 'N',
        source: DEMO_SOURCE,
      });
    }
  }
  return out;
}

export interface FillProgress {
  /** Site-hours written so far / to write in this run. */
  hoursDone: number;
  hoursTotal: number;
  /** Values written so far. */
  values: number;
}

export interface FillResult {
  /** Site-hours covered (each gives up to six values). */
  hours: number;
  /** Values written. */
  values: number;
}

/** Rows per upsert call: a multiple of the store's statement batch, so full statements are compiled once. */
const ROWS_PER_CALL = 24_000;

export interface FillWindow {
  /** First hour (start, epoch ms) that may be written; -Infinity for "right after the latest stored hour". */
  from: number;
  /** Last hour (start, epoch ms) to write, inclusive. */
  to: number;
  /** Where a site without any stored hour starts. Default `from`. */
  emptyFrom?: number;
  /** received_at of the written rows. */
  receivedAt: number;
  onProgress?: (progress: FillProgress) => void;
}

/**
 * Write every hour in [start_s, to] for each site, where start_s = max(from, latest stored hour + 1 h) (or
 * `emptyFrom` for a site with nothing stored): hours a site already has are skipped. Works day by day across
 * all sites, so progress moves evenly.
 */
export async function fillHours(
  db: Kysely<Database>,
  sites: readonly FeedSite[],
  window: FillWindow,
): Promise<FillResult> {
  const { from, to, receivedAt, onProgress } = window;
  const emptyFrom = window.emptyFrom ?? from;
  if (!Number.isFinite(emptyFrom))
    throw new RangeError('fillHours: a finite start is needed for empty sites');
  const latest = await latestHours(
    db,
    sites.map((s) => s.id),
  );
  const starts = sites.map((s) => {
    const l = latest.get(s.id);
    return l === undefined ? emptyFrom : Math.max(from, l + HOUR);
  });
  let hoursTotal = 0;
  for (const start of starts) if (start <= to) hoursTotal += (to - start) / HOUR + 1;
  const progress: FillProgress = { hoursDone: 0, hoursTotal, values: 0 };
  if (hoursTotal === 0) return { hours: 0, values: 0 };

  const first = Math.min(...starts);
  let rows: MeasurementInput[] = [];
  let pendingHours = 0;
  const flush = async () => {
    if (rows.length > 0) progress.values += await upsertMeasurements(db, rows, receivedAt);
    progress.hoursDone += pendingHours;
    rows = [];
    pendingHours = 0;
    onProgress?.({ ...progress });
  };
  for (let day = startOfShanghaiDay(first); day <= to; day += DAY) {
    const dayEnd = Math.min(day + DAY - HOUR, to);
    sites.forEach((site, i) => {
      const start = Math.max(day, starts[i] ?? emptyFrom);
      if (start > dayEnd) return;
      modelRows(site, start, dayEnd, rows);
      pendingHours += (dayEnd - start) / HOUR + 1;
    });
    if (rows.length >= ROWS_PER_CALL) await flush();
  }
  if (pendingHours > 0) await flush();
  return { hours: progress.hoursDone, values: progress.values };
}
