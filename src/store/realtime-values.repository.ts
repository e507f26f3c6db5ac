import { type Kysely, sql } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import { type Engine, engineOf } from './engine.ts';
import { REALTIME_VALUES_COLUMNS, sqlColumns, sqliteInsert, sqlTuples } from './ingest-row-shapes.ts';
import type { MeasurementCountFilter, MeasurementInput } from './measurements.repository.ts';
import type { MeasurementRow } from './measurements.table.ts';
import type { NewRealtimeValues, Readings } from './realtime-values.table.ts';
import { visibleSiteIds } from './site-visibility.ts';

/** Rows per INSERT: 5 columns × 6,000 = 30,000 bound parameters (SQLite allows 32,766). */
const UPSERT_BATCH_ROWS = 6000;

const quoted = new Map<string, string>();
/** JSON string literal of a parameter code or flag (a handful of distinct ones, so they are kept). */
function jsonText(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size < 1000) quoted.set(s, q);
  }
  return q;
}

/**
 * The `readings` JSON of one instant's values, written out directly (the receiver does this for every packet):
 * what JSON.stringify gives for {parameter: [value, flag]}, non-finite values as null like it. A parameter
 * given twice keeps its last value, as an object would.
 */
export function readingsJson(values: readonly MeasurementInput[]): string {
  for (let i = 1; i < values.length; i++) {
    for (let j = 0; j < i; j++) {
      if ((values[i] as MeasurementInput).parameter === (values[j] as MeasurementInput).parameter) {
        const readings: Record<string, [number | null, string | null]> = {};
        for (const v of values) readings[v.parameter] = [v.value ?? null, v.flag ?? null];
        return JSON.stringify(readings);
      }
    }
  }
  let s = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as MeasurementInput;
    const value = v.value;
    s +=
      `${i === 0 ? '' : ','}${jsonText(v.parameter)}:[` +
      `${typeof value === 'number' && Number.isFinite(value) ? String(value) : 'null'},` +
      `${v.flag == null ? 'null' : jsonText(v.flag)}]`;
  }
  return `${s}}`;
}

function mergeReadings(older: string, newer: string): string {
  return JSON.stringify({ ...(JSON.parse(older) as Readings), ...(JSON.parse(newer) as Readings) });
}

/**
 * Rows for `realtime_values` with no two sharing (time, site_id), as one multi-row statement on PostgreSQL
 * requires: rows of one instant are merged in order, a later reading of a parameter winning (a retransmission
 * inside one batch), the later source and received_at standing for the row.
 */
export function uniqueRealtimeRows(rows: readonly NewRealtimeValues[]): readonly NewRealtimeValues[] {
  const byKey = new Map<string, NewRealtimeValues>();
  let merged = false;
  for (const r of rows) {
    const key = `${r.site_id}|${r.time}`;
    const had = byKey.get(key);
    if (!had) byKey.set(key, r);
    else {
      merged = true;
      byKey.set(key, { ...r, readings: mergeReadings(had.readings, r.readings) });
    }
  }
  return merged ? [...byKey.values()] : rows;
}

/** Real-time values (period 'raw') as rows of `realtime_values`, one per (site, DataTime). */
export function groupRealtime(values: readonly MeasurementInput[], receivedAt: number): NewRealtimeValues[] {
  const groups = new Map<string, MeasurementInput[]>();
  for (const v of values) {
    const key = `${v.site_id}|${v.time}`;
    const g = groups.get(key);
    if (g) g.push(v);
    else groups.set(key, [v]);
  }
  const rows: NewRealtimeValues[] = [];
  for (const g of groups.values()) {
    const last = g[g.length - 1] as MeasurementInput;
    let at = 0;
    for (const v of g) at = Math.max(at, v.received_at ?? receivedAt);
    rows.push({
      time: last.time,
      site_id: last.site_id,
      readings: readingsJson(g),
      source: last.source,
      received_at: at,
    });
  }
  return rows;
}

/**
 * The ON CONFLICT clause both paths use (the SQLite writer thread prepares the same text): readings merge by
 * parameter, and only a real change rewrites the row and its received_at (as in `measurements`). JSON merge is
 * the one engine-specific part: json_patch on SQLite, jsonb || on PostgreSQL.
 *
 * `fillOnly` (a backup logger, rules/monitoring/logger-precedence.ts): on a row of another source the stored
 * readings win and only the parameters it lacks are filled, its source staying; on its own row it merges as usual.
 */
export function realtimeUpsertSql(engine: Engine, fillOnly = false): string {
  const patch = (a: string, b: string) =>
    engine === 'postgres' ? `(${a}::jsonb || ${b}::jsonb)` : `json_patch(${a}, ${b})`;
  const current = engine === 'postgres' ? 'realtime_values.readings::jsonb' : 'realtime_values.readings';
  const over = patch('realtime_values.readings', 'excluded.readings');
  const merged = fillOnly
    ? `(case when realtime_values.source = excluded.source then ${over} else ${patch('excluded.readings', 'realtime_values.readings')} end)`
    : over;
  if (fillOnly)
    return `on conflict (time, site_id) do update set
      readings = ${engine === 'postgres' ? `${merged}::text` : merged}, received_at = excluded.received_at
    where ${merged} is distinct from ${current}`;
  return `on conflict (time, site_id) do update set
      readings = ${engine === 'postgres' ? `${merged}::text` : merged},
      source = excluded.source, received_at = excluded.received_at
    where ${merged} is distinct from ${current} or realtime_values.source is distinct from excluded.source`;
}

/** The SQLite writer's prepared statement; parameters: positional(row, REALTIME_VALUES_COLUMNS). */
export const SQLITE_REALTIME_UPSERT = `${sqliteInsert('realtime_values', REALTIME_VALUES_COLUMNS)}
  ${realtimeUpsertSql('sqlite')}`;

/** The same for a backup logger's rows (fill only). */
export const SQLITE_REALTIME_FILL = `${sqliteInsert('realtime_values', REALTIME_VALUES_COLUMNS)}
  ${realtimeUpsertSql('sqlite', true)}`;

/** Upsert real-time rows (no two sharing (time, site_id): see uniqueRealtimeRows). */
export async function upsertRealtimeValues(
  db: Kysely<Database>,
  rows: readonly NewRealtimeValues[],
  options: { fillOnly?: boolean } = {},
): Promise<void> {
  const conflict = sql.raw(realtimeUpsertSql(engineOf(db), options.fillOnly === true));
  for (let start = 0; start < rows.length; start += UPSERT_BATCH_ROWS) {
    const tuples = sqlTuples(rows.slice(start, start + UPSERT_BATCH_ROWS), REALTIME_VALUES_COLUMNS);
    await sql`insert into realtime_values ${sqlColumns(REALTIME_VALUES_COLUMNS)}
      values ${tuples} ${conflict}`.execute(db);
  }
}

export interface RealtimeQuery {
  siteId: number;
  parameters: readonly string[];
  /** Epoch ms, inclusive / exclusive. */
  from?: number;
  to?: number;
  /** Most values (not rows) returned. */
  limit?: number;
}

function parseReadings(text: unknown): Readings {
  return (typeof text === 'string' ? JSON.parse(text) : text) as Readings;
}

/**
 * One site's real-time values (none when the site lies outside `j`), newest first, then by parameter — the shape of `measurements` rows, so callers
 * need not know where real-time values live. The key starts with the time, so this scans the window across
 * all sites: callers bound the window.
 */
export async function listRealtimeValues(
  db: Kysely<Database>,
  j: Jurisdiction,
  q: RealtimeQuery,
): Promise<MeasurementRow[]> {
  if (q.parameters.length === 0) return [];
  const limit = q.limit ?? 500;
  const wanted = new Set(q.parameters);
  let query = db
    .selectFrom('realtime_values')
    .select(['time', 'readings', 'source', 'received_at'])
    .where('site_id', '=', q.siteId)
    .$if(!j.all, (b) => b.where('site_id', 'in', visibleSiteIds(db, j)));
  if (q.from !== undefined) query = query.where('time', '>=', q.from);
  if (q.to !== undefined) query = query.where('time', '<', q.to);
  // Each row holds at least one value, so `limit` rows are always enough.
  const rows = await query.orderBy('time', 'desc').limit(limit).execute();
  const out: MeasurementRow[] = [];
  for (const r of rows) {
    const readings = parseReadings(r.readings);
    for (const parameter of Object.keys(readings).sort()) {
      if (!wanted.has(parameter)) continue;
      const [value, flag] = readings[parameter] as Readings[string];
      out.push({
        site_id: q.siteId,
        parameter,
        period: 'raw',
        time: Number(r.time),
        value,
        flag,
        source: r.source,
        received_at: Number(r.received_at),
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** How many real-time values (not rows) of sites within `j` match. */
export async function countRealtimeValues(
  db: Kysely<Database>,
  j: Jurisdiction,
  filter: Omit<MeasurementCountFilter, 'period'> = {},
): Promise<number> {
  const each = engineOf(db) === 'postgres' ? sql`jsonb_each(r.readings::jsonb)` : sql`json_each(r.readings)`;
  const where = [sql`true`];
  if (filter.siteIds !== undefined) {
    if (filter.siteIds.length === 0) return 0;
    where.push(sql`r.site_id in (${sql.join([...filter.siteIds])})`);
  }
  if (!j.all) where.push(sql`r.site_id in (${visibleSiteIds(db, j)})`);
  if (filter.parameter !== undefined) where.push(sql`e.key = ${filter.parameter}`);
  if (filter.source !== undefined) where.push(sql`r.source = ${filter.source}`);
  const { rows } = await sql<{ n: number | string }>`select count(*) as n
    from realtime_values r, ${each} e where ${sql.join(where, sql` and `)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
