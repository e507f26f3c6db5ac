import type { CompiledQuery, Kysely } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';
import { MEASUREMENTS_COLUMNS as COLUMNS, measurementsRow, positional } from './ingest-row-shapes.ts';
import type { MeasurementPeriod, NewMeasurement } from './measurements.table.ts';
import { countRealtimeValues, groupRealtime, upsertRealtimeValues } from './realtime-values.repository.ts';
import { visibleSiteIds } from './site-visibility.ts';

/**
 * Rows per INSERT statement: 4000 rows × 8 columns = 32,000 bound parameters, under SQLite's limit of
 * 32,766 variables (and far under PostgreSQL's 65,535), so one batch size serves both engines.
 */
export const UPSERT_BATCH_ROWS = 4000;

export type MeasurementInput = Omit<NewMeasurement, 'received_at' | 'flag'> & {
  flag?: string | null;
  received_at?: number;
};

/**
 * `fillOnly` (a backup logger's values, rules/monitoring/logger-precedence.ts): a row goes in where the site has
 * none, and replaces only a row of the same source (its own earlier value); the main's or an import's stays.
 */
function upsertQuery(
  db: Kysely<Database>,
  rows: readonly MeasurementInput[],
  receivedAt: number,
  fillOnly = false,
) {
  return (
    db
      .insertInto('measurements')
      // The row shape is defined once (ingest-row-shapes.ts), its keys in the order bindParameters binds.
      .values(rows.map((r) => measurementsRow(r, receivedAt)))
      .onConflict((oc) =>
        oc
          .columns(['site_id', 'parameter', 'period', 'time'])
          .doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            flag: eb.ref('excluded.flag'),
            source: eb.ref('excluded.source'),
            received_at: eb.ref('excluded.received_at'),
          }))
          // Only a real change rewrites the row, so re-importing the same data changes nothing at all
          // (received_at included). IS DISTINCT FROM: PostgreSQL, and SQLite ≥ 3.39.
          .where((eb) => {
            const changed = eb.or([
              eb('measurements.value', 'is distinct from', eb.ref('excluded.value')),
              eb('measurements.flag', 'is distinct from', eb.ref('excluded.flag')),
              eb('measurements.source', 'is distinct from', eb.ref('excluded.source')),
            ]);
            return fillOnly
              ? eb.and([eb('measurements.source', '=', eb.ref('excluded.source')), changed])
              : changed;
          }),
      )
  );
}

function bindParameters(rows: readonly MeasurementInput[], receivedAt: number): unknown[] {
  const out = new Array<unknown>(rows.length * COLUMNS.length);
  let i = 0;
  for (const r of rows) {
    for (const v of positional(measurementsRow(r, receivedAt), COLUMNS)) out[i++] = v;
  }
  return out;
}

function sameParameters(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function upsertBatches(
  db: Kysely<Database>,
  rows: readonly MeasurementInput[],
  receivedAt: number,
  fillOnly: boolean,
): Promise<void> {
  // Full batches share one SQL text: the Kysely query is compiled once per call and re-bound with each
  // batch's parameters (compiling a 32,000-parameter statement costs about as much as running it).
  let full: CompiledQuery | undefined;
  for (let start = 0; start < rows.length; start += UPSERT_BATCH_ROWS) {
    const batch = rows.slice(start, start + UPSERT_BATCH_ROWS);
    const parameters = bindParameters(batch, receivedAt);
    if (batch.length === UPSERT_BATCH_ROWS && full) {
      await db.executeQuery({ ...full, parameters });
      continue;
    }
    const compiled = upsertQuery(db, batch, receivedAt, fillOnly).compile();
    // Reuse only if Kysely binds exactly our parameter order; otherwise every batch compiles (still correct).
    if (batch.length === UPSERT_BATCH_ROWS && sameParameters(compiled.parameters, parameters))
      full = compiled;
    await db.executeQuery(compiled);
  }
}

/** Real-time ('raw') values live in `realtime_values` (migration 0007); the other periods here. */
export function splitRealtime(rows: readonly MeasurementInput[]): {
  periodic: MeasurementInput[];
  realtime: MeasurementInput[];
} {
  const periodic: MeasurementInput[] = [];
  const realtime: MeasurementInput[] = [];
  for (const r of rows) (r.period === 'raw' ? realtime : periodic).push(r);
  return { periodic, realtime };
}

/**
 * Insert or update measurements by primary key (site_id, parameter, period, time), in batched multi-row
 * INSERT … ON CONFLICT DO UPDATE statements, all in one transaction (or in the caller's transaction when
 * `db` is one). An unchanged row is left untouched; a changed value/flag/source replaces the stored one and
 * sets received_at. Real-time values go to `realtime_values`, merged per (site, time). With `fillOnly` (a
 * backup logger) a row only fills a gap or revises one of its own source. Returns the number of input rows.
 * Precondition: no two rows of one call share a primary key (PostgreSQL refuses a statement that updates a
 * row twice; checking here would cost as much as the insert). The importers guarantee it.
 */
export async function upsertMeasurements(
  db: Kysely<Database>,
  rows: readonly MeasurementInput[],
  receivedAt = Date.now(),
  options: { fillOnly?: boolean } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const fillOnly = options.fillOnly === true;
  const { periodic, realtime } = splitRealtime(rows);
  const write = async (trx: Kysely<Database>) => {
    if (periodic.length > 0) await upsertBatches(trx, periodic, receivedAt, fillOnly);
    if (realtime.length > 0)
      await upsertRealtimeValues(trx, groupRealtime(realtime, receivedAt), { fillOnly });
  };
  if (db.isTransaction || (rows.length <= UPSERT_BATCH_ROWS && realtime.length === 0)) await write(db);
  else await db.transaction().execute(write);
  return rows.length;
}

export interface SeriesQuery {
  siteIds: readonly number[];
  parameters: readonly string[];
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** Default 'hour'. */
  period?: MeasurementPeriod;
}

/** One site × parameter as column arrays (same length, ascending time). */
export interface Series {
  siteId: number;
  parameter: string;
  times: number[];
  values: (number | null)[];
  flags: (string | null)[];
}

/** A JSON array as the driver returns it: text on SQLite, already parsed on PostgreSQL (json type). */
function jsonArray<T>(value: unknown): T[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T[];
}

/** Put a series in ascending time order if the engine aggregated it in another order. */
function sortByTime(series: Series): Series {
  const { times } = series;
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) sorted = (times[i - 1] as number) < (times[i] as number);
  if (sorted) return series;
  const order = times.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number));
  return {
    ...series,
    times: order.map((i) => times[i] as number),
    values: order.map((i) => series.values[i] as number | null),
    flags: order.map((i) => series.flags[i] as string | null),
  };
}

/**
 * All values of these sites (those within `j`) and parameters with from ≤ time < to, grouped per site × parameter as column
 * arrays, ordered by site id, then parameter (binary order), then time. Pairs without any row are absent.
 *
 * Speed: the primary key (site_id, parameter, period, time) makes this a set of range scans, and each pair
 * comes back as ONE row of three JSON arrays built inside the database (json_group_array on SQLite,
 * json_agg on PostgreSQL: the only difference, the function's name). That avoids materialising one JS
 * object per value, the dominant cost for a year of 12 stations × 6 pollutants (≈ 630k values). JSON keeps
 * doubles exact (SQLite writes 17 significant digits, PostgreSQL the shortest exact form).
 */
export async function hourlySeries(
  db: Kysely<Database>,
  j: Jurisdiction,
  query: SeriesQuery,
): Promise<Series[]> {
  if (query.siteIds.length === 0 || query.parameters.length === 0 || query.from >= query.to) return [];
  const agg = engineOf(db) === 'postgres' ? 'json_agg' : 'json_group_array';
  const rows = await db
    .selectFrom('measurements')
    .select((eb) => [
      'site_id',
      'parameter',
      eb.fn<unknown>(agg, ['time']).as('times'),
      eb.fn<unknown>(agg, ['value']).as('values'),
      eb.fn<unknown>(agg, ['flag']).as('flags'),
    ])
    .where('site_id', 'in', [...query.siteIds])
    .$if(!j.all, (q) => q.where('site_id', 'in', visibleSiteIds(db, j)))
    .where('parameter', 'in', [...query.parameters])
    .where('period', '=', query.period ?? 'hour')
    .where('time', '>=', query.from)
    .where('time', '<', query.to)
    .groupBy(['site_id', 'parameter'])
    .execute();
  const series = rows.map((row) =>
    sortByTime({
      siteId: row.site_id,
      parameter: row.parameter,
      times: jsonArray<number>(row.times),
      values: jsonArray<number | null>(row.values),
      flags: jsonArray<string | null>(row.flags),
    }),
  );
  // Sorted here, not in SQL, so the order is the same on both engines whatever their text collation.
  return series.sort(
    (a, b) => a.siteId - b.siteId || (a.parameter < b.parameter ? -1 : a.parameter > b.parameter ? 1 : 0),
  );
}

export interface MeasurementCountFilter {
  siteIds?: readonly number[];
  parameter?: string;
  period?: MeasurementPeriod;
  source?: string;
}

/** How many values of sites within `j` match `filter`. */
export async function countMeasurements(
  db: Kysely<Database>,
  j: Jurisdiction,
  filter: MeasurementCountFilter = {},
): Promise<number> {
  // Real-time values are counted where they live (realtime_values), so a count means the same as before 0007.
  const realtime =
    filter.period === undefined || filter.period === 'raw' ? await countRealtimeValues(db, j, filter) : 0;
  if (filter.period === 'raw') return realtime;
  let query = db.selectFrom('measurements').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.siteIds !== undefined) {
    if (filter.siteIds.length === 0) return 0;
    query = query.where('site_id', 'in', [...filter.siteIds]);
  }
  if (!j.all) query = query.where('site_id', 'in', visibleSiteIds(db, j));
  if (filter.parameter !== undefined) query = query.where('parameter', '=', filter.parameter);
  if (filter.period !== undefined) query = query.where('period', '=', filter.period);
  if (filter.source !== undefined) query = query.where('source', '=', filter.source);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n) + realtime;
}
