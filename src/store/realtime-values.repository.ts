import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';
import type { MeasurementCountFilter, MeasurementInput } from './measurements.repository.ts';
import type { MeasurementRow } from './measurements.table.ts';
import type { NewRealtimeValues, Readings } from './realtime-values.table.ts';

/** Rows per INSERT: 5 columns × 6,000 = 30,000 bound parameters (SQLite allows 32,766). */
const UPSERT_BATCH_ROWS = 6000;

/**
 * Real-time values as rows of `realtime_values`: one per (site, DataTime), their readings merged in input order
 * (a later value of the same parameter wins, as a retransmission inside one batch should). The newest
 * received_at and the last source of a group stand for the row.
 */
export function groupRealtime(values: readonly MeasurementInput[], receivedAt: number): NewRealtimeValues[] {
  const groups = new Map<
    string,
    { row: NewRealtimeValues; readings: Record<string, [number | null, string | null]> }
  >();
  for (const v of values) {
    const key = `${v.site_id}|${v.time}`;
    let g = groups.get(key);
    const at = v.received_at ?? receivedAt;
    if (!g) {
      g = {
        row: { time: v.time, site_id: v.site_id, readings: '', source: v.source, received_at: at },
        readings: {},
      };
      groups.set(key, g);
    } else {
      g.row.source = v.source;
      if (at > g.row.received_at) g.row.received_at = at;
    }
    g.readings[v.parameter] = [v.value ?? null, v.flag ?? null];
  }
  const rows: NewRealtimeValues[] = [];
  for (const g of groups.values()) {
    g.row.readings = JSON.stringify(g.readings);
    rows.push(g.row);
  }
  return rows;
}

/**
 * The ON CONFLICT clause both paths use (the SQLite writer thread prepares the same text): readings merge by
 * parameter, and only a real change rewrites the row and its received_at (as in `measurements`). JSON merge is
 * the one engine-specific part: json_patch on SQLite, jsonb || on PostgreSQL.
 */
export function realtimeUpsertSql(engine: 'sqlite' | 'postgres'): string {
  const merged =
    engine === 'postgres'
      ? '(realtime_values.readings::jsonb || excluded.readings::jsonb)'
      : 'json_patch(realtime_values.readings, excluded.readings)';
  const current = engine === 'postgres' ? 'realtime_values.readings::jsonb' : 'realtime_values.readings';
  return `on conflict (time, site_id) do update set
      readings = ${engine === 'postgres' ? `${merged}::text` : merged},
      source = excluded.source, received_at = excluded.received_at
    where ${merged} is distinct from ${current} or realtime_values.source is distinct from excluded.source`;
}

export const SQLITE_REALTIME_UPSERT = `insert into realtime_values (time, site_id, readings, source, received_at)
  values (?, ?, ?, ?, ?) ${realtimeUpsertSql('sqlite')}`;

/** Upsert real-time rows (no two sharing (time, site_id): groupRealtime guarantees it). */
export async function upsertRealtimeValues(
  db: Kysely<Database>,
  rows: readonly NewRealtimeValues[],
): Promise<void> {
  const conflict = sql.raw(realtimeUpsertSql(engineOf(db)));
  for (let start = 0; start < rows.length; start += UPSERT_BATCH_ROWS) {
    const batch = rows.slice(start, start + UPSERT_BATCH_ROWS);
    const tuples = sql.join(
      batch.map((r) => sql`(${r.time}, ${r.site_id}, ${r.readings}, ${r.source}, ${r.received_at})`),
    );
    await sql`insert into realtime_values (time, site_id, readings, source, received_at)
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
 * One site's real-time values, newest first, then by parameter — the shape of `measurements` rows, so callers
 * need not know where real-time values live. The key starts with the time, so this scans the window across
 * all sites: callers bound the window.
 */
export async function listRealtimeValues(db: Kysely<Database>, q: RealtimeQuery): Promise<MeasurementRow[]> {
  if (q.parameters.length === 0) return [];
  const limit = q.limit ?? 500;
  const wanted = new Set(q.parameters);
  let query = db
    .selectFrom('realtime_values')
    .select(['time', 'readings', 'source', 'received_at'])
    .where('site_id', '=', q.siteId);
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

/** How many real-time values (not rows) match. */
export async function countRealtimeValues(
  db: Kysely<Database>,
  filter: Omit<MeasurementCountFilter, 'period'> = {},
): Promise<number> {
  const each = engineOf(db) === 'postgres' ? sql`jsonb_each(r.readings::jsonb)` : sql`json_each(r.readings)`;
  const where = [sql`true`];
  if (filter.siteIds !== undefined) {
    if (filter.siteIds.length === 0) return 0;
    where.push(sql`r.site_id in (${sql.join([...filter.siteIds])})`);
  }
  if (filter.parameter !== undefined) where.push(sql`e.key = ${filter.parameter}`);
  if (filter.source !== undefined) where.push(sql`r.source = ${filter.source}`);
  const { rows } = await sql<{ n: number | string }>`select count(*) as n
    from realtime_values r, ${each} e where ${sql.join(where, sql` and `)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
