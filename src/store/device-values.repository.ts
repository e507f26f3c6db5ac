import { type Kysely, sql } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import { type Engine, engineOf } from './engine.ts';
import {
  DEVICE_MEASUREMENTS_COLUMNS,
  DEVICE_REALTIME_COLUMNS,
  sqlColumns,
  sqliteInsert,
  sqlTuples,
} from './ingest-row-shapes.ts';
import type { MeasurementPeriod, MeasurementRow } from './measurements.table.ts';
import type { Readings } from './realtime-values.table.ts';
import { visibleDeviceMns } from './site-visibility.ts';

/**
 * Each logger's own values (migration 0012), written by the receiver in the same transaction as the site's
 * (receiver-batch.repository.ts), read by the device page (`/api/devices/{mn}/data`).
 */

/** A logger's periodic value to store. */
export interface DeviceValueInput {
  mn: string;
  parameter: string;
  period: MeasurementPeriod;
  time: number;
  value: number | null;
  flag: string | null;
  received_at: number;
}

/** A logger's real-time readings at one DataTime (the `readings` JSON of realtime_values). */
export interface DeviceRealtimeInput {
  time: number;
  mn: string;
  readings: string;
  received_at: number;
}

/** Rows per INSERT: 7 columns × 4,000 = 28,000 bound parameters (SQLite allows 32,766). */
const BATCH_ROWS = 4000;

const DEVICE_MEASUREMENT_CONFLICT = `on conflict (mn, parameter, period, time) do update set
      value = excluded.value, flag = excluded.flag, received_at = excluded.received_at
    where device_measurements.value is distinct from excluded.value
      or device_measurements.flag is distinct from excluded.flag`;

function deviceRealtimeConflict(engine: Engine): string {
  const merged =
    engine === 'postgres'
      ? '(device_realtime_values.readings::jsonb || excluded.readings::jsonb)'
      : 'json_patch(device_realtime_values.readings, excluded.readings)';
  const current =
    engine === 'postgres' ? 'device_realtime_values.readings::jsonb' : 'device_realtime_values.readings';
  return `on conflict (time, mn) do update set
      readings = ${engine === 'postgres' ? `${merged}::text` : merged}, received_at = excluded.received_at
    where ${merged} is distinct from ${current}`;
}

/** The SQLite writer's prepared statements (same clauses as the Kysely path below). */
export const SQLITE_DEVICE_MEASUREMENT_UPSERT = `${sqliteInsert('device_measurements', DEVICE_MEASUREMENTS_COLUMNS)}
  ${DEVICE_MEASUREMENT_CONFLICT}`;
export const SQLITE_DEVICE_REALTIME_UPSERT = `${sqliteInsert('device_realtime_values', DEVICE_REALTIME_COLUMNS)}
  ${deviceRealtimeConflict('sqlite')}`;

/** Upsert logger values; no two rows may share (mn, parameter, period, time) (the receiver de-duplicates). */
export async function upsertDeviceValues(
  db: Kysely<Database>,
  rows: readonly DeviceValueInput[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const tuples = sqlTuples(rows.slice(start, start + BATCH_ROWS), DEVICE_MEASUREMENTS_COLUMNS);
    await sql`insert into device_measurements ${sqlColumns(DEVICE_MEASUREMENTS_COLUMNS)}
      values ${tuples} ${sql.raw(DEVICE_MEASUREMENT_CONFLICT)}`.execute(db);
  }
}

function mergeReadings(older: string, newer: string): string {
  return JSON.stringify({ ...(JSON.parse(older) as Readings), ...(JSON.parse(newer) as Readings) });
}

/** Upsert logger real-time rows; rows sharing (time, mn) are merged in order first (PostgreSQL needs that). */
export async function upsertDeviceRealtime(
  db: Kysely<Database>,
  rows: readonly DeviceRealtimeInput[],
): Promise<void> {
  const byKey = new Map<string, DeviceRealtimeInput>();
  for (const r of rows) {
    const key = `${r.mn}|${r.time}`;
    const had = byKey.get(key);
    byKey.set(key, had ? { ...r, readings: mergeReadings(had.readings, r.readings) } : r);
  }
  const unique = [...byKey.values()];
  const conflict = sql.raw(deviceRealtimeConflict(engineOf(db)));
  for (let start = 0; start < unique.length; start += BATCH_ROWS) {
    const tuples = sqlTuples(unique.slice(start, start + BATCH_ROWS), DEVICE_REALTIME_COLUMNS);
    await sql`insert into device_realtime_values ${sqlColumns(DEVICE_REALTIME_COLUMNS)}
      values ${tuples} ${conflict}`.execute(db);
  }
}

export interface DeviceValuesQuery {
  mn: string;
  /** The logger's site (the rows carry it, in the shape of `measurements` rows). */
  siteId: number;
  parameters: readonly string[];
  period: MeasurementPeriod;
  /** Epoch ms, inclusive / exclusive. */
  from?: number;
  to?: number;
  /** Most values returned. */
  limit?: number;
}

/**
 * One logger's own values (none when its site lies outside `j`) of some parameters and one period, newest first, then by parameter (the shape of
 * `measurements` rows, source `hj212:<MN>`). Real-time rows are keyed by time first: callers bound the window.
 */
export async function listDeviceValues(
  db: Kysely<Database>,
  j: Jurisdiction,
  q: DeviceValuesQuery,
): Promise<MeasurementRow[]> {
  if (q.parameters.length === 0) return [];
  const limit = q.limit ?? 500;
  const source = `hj212:${q.mn}`;
  if (q.period !== 'raw') {
    let query = db
      .selectFrom('device_measurements')
      .selectAll()
      .where('mn', '=', q.mn)
      .$if(!j.all, (b) => b.where('mn', 'in', visibleDeviceMns(db, j)))
      .where('parameter', 'in', [...q.parameters])
      .where('period', '=', q.period);
    if (q.from !== undefined) query = query.where('time', '>=', q.from);
    if (q.to !== undefined) query = query.where('time', '<', q.to);
    const rows = await query.orderBy('time', 'desc').orderBy('parameter').limit(limit).execute();
    return rows.map((r) => ({
      site_id: q.siteId,
      parameter: r.parameter,
      period: r.period,
      time: Number(r.time),
      value: r.value,
      flag: r.flag,
      source,
      received_at: Number(r.received_at),
    }));
  }
  const wanted = new Set(q.parameters);
  let query = db
    .selectFrom('device_realtime_values')
    .select(['time', 'readings', 'received_at'])
    .where('mn', '=', q.mn)
    .$if(!j.all, (b) => b.where('mn', 'in', visibleDeviceMns(db, j)));
  if (q.from !== undefined) query = query.where('time', '>=', q.from);
  if (q.to !== undefined) query = query.where('time', '<', q.to);
  // Each row holds at least one value, so `limit` rows are always enough.
  const rows = await query.orderBy('time', 'desc').limit(limit).execute();
  const out: MeasurementRow[] = [];
  for (const r of rows) {
    const readings = (typeof r.readings === 'string' ? JSON.parse(r.readings) : r.readings) as Readings;
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
        source,
        received_at: Number(r.received_at),
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * Give a logger the site's periodic values of one source since `since` as its own, where it has none (the demo:
 * its modelled history stands for what its sample loggers sent; migration 0012 does the same for old hj212 data).
 * Idempotent. Returns nothing; bounded by `since`.
 */
export async function adoptSiteValues(
  db: Kysely<Database>,
  a: { mn: string; siteId: number; source: string; since: number },
): Promise<void> {
  await sql`insert into device_measurements (mn, parameter, period, time, value, flag, received_at)
    select ${a.mn}, parameter, period, time, value, flag, received_at from measurements
    where site_id = ${a.siteId} and source = ${a.source} and time >= ${a.since}
    on conflict (mn, parameter, period, time) do nothing`.execute(db);
}
