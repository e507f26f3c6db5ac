import { type Kysely, sql } from 'kysely';
import { decideDeviceHealth, type HealthState } from '#rules/monitoring/device-health.ts';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';

/** A device went offline; also the detail of its `device_offline` events row (the shape the receiver wrote). */
export interface DeviceOfflineTransition {
  mn: string;
  siteId: number;
  at: number;
  lastSeenAt: number | null;
  expectedIntervalS: number;
  missed: number;
}

/** A device came back; `at` = the newest data/heartbeat received after it had gone offline. */
export interface DeviceOnlineTransition {
  mn: string;
  siteId: number;
  at: number;
  offlineSince: number | null;
}

export type DeviceHealthTransition =
  | ({ kind: 'device_offline' } & DeviceOfflineTransition)
  | ({ kind: 'device_online' } & DeviceOnlineTransition);

export interface EvaluateOptions {
  now: number;
  /**
   * When this checker began (a node's start). A device never heard from counts from the `since` of the FIRST
   * check that saw it, stored as its 'unknown' row's state_since — durable, so neither a restart nor a second
   * node restarts the count.
   */
  since: number;
}

interface Candidate {
  mn: string;
  site_id: number;
  expected_interval_s: number;
  offline_after_missed: number;
  enabled: number;
  has_status: number | null;
  state: HealthState | null;
  state_since: number | null;
  last_seen_at: number | null;
  last_data_at: number | null;
  last_alive_at: number | null;
}

/**
 * Run SQLite work under BEGIN IMMEDIATE (the write lock from the start: a deferred transaction that reads and then
 * writes can fail with SQLITE_BUSY against another connection, and nothing may commit between our read and our
 * writes); a plain transaction on PostgreSQL, where each conditional UPDATE locks its row and re-checks its WHERE
 * on the newest committed version (READ COMMITTED re-evaluation), so a concurrent change makes it match nothing.
 */
async function writeTransaction<T>(
  db: Kysely<Database>,
  body: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction || engineOf(db) === 'postgres') {
    return db.isTransaction ? body(db) : db.transaction().execute(body);
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const out = await body(conn);
      await sql`commit`.execute(conn);
      return out;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

/**
 * The device-health job (issue 14): in ONE transaction, read every device with its stored status, decide each
 * (rules/monitoring/device-health.ts) and write each transition with a CONDITIONAL update — its WHERE re-checks
 * the state and the sighting times that were read, so a second node running the same check at the same time, or
 * a sighting committed in between, makes it match no row and no event is written. The `events` rows
 * (device_offline / device_online) are written in the same transaction, only for updates that matched. Returns
 * the transitions that were written (an unknown device's first sighting is written silently, not returned).
 * Devices are handled in MN order, so two concurrent checks lock rows in the same order (no deadlock).
 */
export async function evaluateDeviceHealth(
  db: Kysely<Database>,
  options: EvaluateOptions,
): Promise<DeviceHealthTransition[]> {
  const { now, since } = options;
  return writeTransaction(db, async (trx) => {
    const rows = (await trx
      .selectFrom('devices')
      .leftJoin('device_status', 'device_status.mn', 'devices.mn')
      .select([
        'devices.mn as mn',
        'devices.site_id as site_id',
        'devices.expected_interval_s as expected_interval_s',
        'devices.offline_after_missed as offline_after_missed',
        'devices.enabled as enabled',
        'device_status.mn as has_status',
        'device_status.state as state',
        'device_status.state_since as state_since',
        'device_status.last_seen_at as last_seen_at',
        'device_status.last_data_at as last_data_at',
        'device_status.last_alive_at as last_alive_at',
      ])
      .where('devices.enabled', '=', 1)
      .orderBy('devices.mn')
      .execute()) as unknown as Candidate[];

    const out: DeviceHealthTransition[] = [];
    for (const r of rows) {
      let state: HealthState = r.state ?? 'unknown';
      let stateSince = r.state_since;
      const neverHeard = r.last_data_at === null && r.last_alive_at === null;
      if (neverHeard && state === 'unknown' && stateSince === null) {
        // The durable start of the count for a device never heard from: the first check's `since`.
        const stamp = await stampFirstCheck(trx, r.mn, r.has_status !== null, since);
        if (!stamp) continue; // a sighting or another node got there first: decided at the next check
        stateSince = since;
        state = 'unknown';
      }
      const decision = decideDeviceHealth(
        {
          enabled: r.enabled === 1,
          expectedIntervalS: r.expected_interval_s,
          offlineAfterMissed: r.offline_after_missed,
        },
        { state, stateSince, lastDataAt: r.last_data_at, lastAliveAt: r.last_alive_at },
        now,
        stateSince ?? since,
      );
      if (decision.kind === 'none') continue;
      const next = decision.kind === 'offline' ? 'offline' : 'online';
      const updated = await trx
        .updateTable('device_status')
        .set({ state: next, state_since: decision.at })
        .where('mn', '=', r.mn)
        .where('state', '=', state)
        .where((eb) =>
          eb.and([
            eb('state_since', 'is not distinct from', stateSince),
            eb('last_data_at', 'is not distinct from', r.last_data_at),
            eb('last_alive_at', 'is not distinct from', r.last_alive_at),
          ]),
        )
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1 || decision.kind === 'first-online') continue;
      if (decision.kind === 'offline') {
        const t: DeviceOfflineTransition = {
          mn: r.mn,
          siteId: r.site_id,
          at: decision.at,
          lastSeenAt: r.last_seen_at,
          expectedIntervalS: r.expected_interval_s,
          missed: decision.missed,
        };
        await trx
          .insertInto('events')
          .values({ at: t.at, kind: 'device_offline', subject: r.mn, detail: JSON.stringify(t) })
          .execute();
        out.push({ kind: 'device_offline', ...t });
      } else {
        const t: DeviceOnlineTransition = {
          mn: r.mn,
          siteId: r.site_id,
          at: decision.at,
          offlineSince: decision.offlineSince,
        };
        await trx
          .insertInto('events')
          .values({
            at: t.at,
            kind: 'device_online',
            subject: r.mn,
            detail: JSON.stringify({ siteId: t.siteId, offlineSince: t.offlineSince }),
          })
          .execute();
        out.push({ kind: 'device_online', ...t });
      }
    }
    return out;
  });
}

/** Store `since` as a never-heard device's count start, unless a row with sightings or a stamp now exists. */
async function stampFirstCheck(
  trx: Kysely<Database>,
  mn: string,
  hasRow: boolean,
  since: number,
): Promise<boolean> {
  if (!hasRow) {
    const inserted = await trx
      .insertInto('device_status')
      .values({
        mn,
        last_seen_at: null,
        last_peer: null,
        last_data_time: null,
        clock_drift_ms: null,
        last_data_at: null,
        last_alive_at: null,
        state: 'unknown',
        state_since: since,
      })
      .onConflict((oc) => oc.column('mn').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const updated = await trx
    .updateTable('device_status')
    .set({ state_since: since })
    .where('mn', '=', mn)
    .where('state', '=', 'unknown')
    .where('state_since', 'is', null)
    .where('last_data_at', 'is', null)
    .where('last_alive_at', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
