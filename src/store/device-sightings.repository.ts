import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import type { DeviceSightingRow } from './device-status.table.ts';

/*
 * Device sightings (issue 14): what every receiving node writes about a device with each group commit — last seen,
 * peer, newest DataTime, newest data / heartbeat receive times, clock drift — and never its state, which the health
 * job decides from these times (device-health.repository.ts). Both write paths of the group commit use what is
 * here: the Kysely upsert and the SQLite prepared statement (receiver-batch.repository.ts).
 */

/**
 * A sighting never moves a stored time backwards (issue 14): several nodes write sightings of one device, and a
 * slower commit of an older sighting must not undo a newer one. `x` is the stored column, `excluded.x` the new
 * value; null counts as older than anything. Portable (PostgreSQL's greatest() and SQLite's max() differ on null).
 */
const newer = (column: string) =>
  `case when device_status.${column} is null or excluded.${column} > device_status.${column} then excluded.${column} else device_status.${column} end`;
/** last_peer and clock drift follow the newest sighting (by last_seen_at); a sighting without drift keeps it. */
const NEWEST_SIGHTING =
  'device_status.last_seen_at is null or excluded.last_seen_at >= device_status.last_seen_at';
const SIGHTING_SET = {
  last_seen_at: newer('last_seen_at'),
  last_peer: `case when ${NEWEST_SIGHTING} then excluded.last_peer else device_status.last_peer end`,
  last_data_time: newer('last_data_time'),
  last_data_at: newer('last_data_at'),
  last_alive_at: newer('last_alive_at'),
  clock_drift_ms: `case when excluded.clock_drift_ms is not null and (${NEWEST_SIGHTING}) then excluded.clock_drift_ms else device_status.clock_drift_ms end`,
} as const;

/** Rows per device_status upsert: 9 columns × 1,000 = 9,000 parameters (SQLite allows 32,766). */
const STATUS_BATCH = 1000;

/**
 * Multi-row upsert of device sightings by MN (the per-row `saveDeviceStatus` is too slow for 1,000 devices). A new
 * row starts 'unknown'; an existing row's state and state_since are never touched. Rows go in MN order, the order
 * the health job locks them in, so the two never deadlock on PostgreSQL.
 */
export async function upsertDeviceStatuses(
  db: Kysely<Database>,
  rows: readonly DeviceSightingRow[],
): Promise<void> {
  const sorted = [...rows].sort((a, b) => (a.mn < b.mn ? -1 : a.mn > b.mn ? 1 : 0));
  for (let i = 0; i < sorted.length; i += STATUS_BATCH) {
    await db
      .insertInto('device_status')
      .values(
        sorted
          .slice(i, i + STATUS_BATCH)
          .map((r) => ({ ...r, state: 'unknown' as const, state_since: null })),
      )
      .onConflict((oc) =>
        oc.column('mn').doUpdateSet({
          last_seen_at: sql.raw(SIGHTING_SET.last_seen_at),
          last_peer: sql.raw(SIGHTING_SET.last_peer),
          last_data_time: sql.raw(SIGHTING_SET.last_data_time),
          last_data_at: sql.raw(SIGHTING_SET.last_data_at),
          last_alive_at: sql.raw(SIGHTING_SET.last_alive_at),
          clock_drift_ms: sql.raw(SIGHTING_SET.clock_drift_ms),
        }),
      )
      .execute();
  }
}

/** The same upsert as one SQLite prepared statement (the group commit's driver path), same expressions. */
export const SQLITE_DEVICE_SIGHTING_UPSERT = `insert into device_status
    (mn, last_seen_at, last_peer, last_data_time, last_data_at, last_alive_at, clock_drift_ms, state, state_since)
  values (?, ?, ?, ?, ?, ?, ?, 'unknown', null)
  on conflict (mn) do update set
    last_seen_at = ${SIGHTING_SET.last_seen_at}, last_peer = ${SIGHTING_SET.last_peer},
    last_data_time = ${SIGHTING_SET.last_data_time}, last_data_at = ${SIGHTING_SET.last_data_at},
    last_alive_at = ${SIGHTING_SET.last_alive_at}, clock_drift_ms = ${SIGHTING_SET.clock_drift_ms}`;
