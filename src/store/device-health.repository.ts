import type BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely } from 'kysely';
import { decideDeviceHealth, type HealthState } from '#rules/monitoring/device-health.ts';
import type { Database } from './database.ts';
import { type NewOutboxEvent, outboxRow } from './outbox.repository.ts';
import { writeTransaction } from './write-transaction.ts';

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
   * node restarts the count. A periodic job that has no start of its own may pass its run's `now`: the first run
   * stamps it.
   */
  since: number;
  /** The node running the check, recorded on the outbox rows (issue 14). */
  node?: string;
}

/** Where the job runs: a Kysely instance, or an open handle (SQLite: with its driver, for the synchronous path). */
export type HealthTarget = Kysely<Database> | { db: Kysely<Database>; sqlite?: BetterSqlite3.Database };

interface Candidate {
  mn: string;
  site_id: number;
  expected_interval_s: number;
  offline_after_missed: number;
  enabled: number;
  has_status: string | null;
  state: HealthState | null;
  state_since: number | null;
  last_seen_at: number | null;
  last_data_at: number | null;
  last_alive_at: number | null;
}

/**
 * One device's transition as statements: each `guarded` statement must change exactly one row, or the rest is
 * skipped (another node, or a sighting, got there first); then the events row, if any.
 */
interface Step {
  guarded: CompiledQuery[];
  /** The events row and the outbox row of the transition (issue 14), written only if every guard matched. */
  event?: CompiledQuery[];
  transition?: DeviceHealthTransition;
}

function readQuery(db: Kysely<Database>): CompiledQuery {
  return db
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
    .compile();
}

/** The statements of every transition decided from the rows read (rules/monitoring/device-health.ts). */
function planSteps(db: Kysely<Database>, rows: readonly Candidate[], options: EvaluateOptions): Step[] {
  const { now, since } = options;
  const steps: Step[] = [];
  for (const r of rows) {
    const guarded: CompiledQuery[] = [];
    const state: HealthState = r.state ?? 'unknown';
    let stateSince = r.state_since;
    if (r.last_data_at === null && r.last_alive_at === null && state === 'unknown' && stateSince === null) {
      // The durable start of the count for a device never heard from: the first check's `since`.
      guarded.push(stampFirstCheck(db, r.mn, r.has_status !== null, since));
      stateSince = since;
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
    if (decision.kind !== 'none') {
      guarded.push(
        db
          .updateTable('device_status')
          .set({ state: decision.kind === 'offline' ? 'offline' : 'online', state_since: decision.at })
          .where('mn', '=', r.mn)
          .where('state', '=', state)
          .where((eb) =>
            eb.and([
              eb('state_since', 'is not distinct from', stateSince),
              eb('last_data_at', 'is not distinct from', r.last_data_at),
              eb('last_alive_at', 'is not distinct from', r.last_alive_at),
            ]),
          )
          .compile(),
      );
    }
    if (guarded.length === 0) continue;
    const event = (kind: string, at: number, detail: object, outbox: NewOutboxEvent) => [
      db
        .insertInto('events')
        .values({ at, kind, subject: r.mn, detail: JSON.stringify(detail) })
        .compile(),
      // Every node's consumers (live streams, later alarms and cases) learn of it from the outbox.
      db.insertInto('outbox').values(outboxRow(outbox)).compile(),
    ];
    const node = options.node ?? null;
    if (decision.kind === 'offline') {
      const t: DeviceOfflineTransition = {
        mn: r.mn,
        siteId: r.site_id,
        at: decision.at,
        lastSeenAt: r.last_seen_at,
        expectedIntervalS: r.expected_interval_s,
        missed: decision.missed,
      };
      steps.push({
        guarded,
        event: event('device_offline', t.at, t, {
          topic: 'device.offline',
          at: t.at,
          subject: t.mn,
          node,
          payload: t,
        }),
        transition: { kind: 'device_offline', ...t },
      });
    } else if (decision.kind === 'online') {
      const t: DeviceOnlineTransition = {
        mn: r.mn,
        siteId: r.site_id,
        at: decision.at,
        offlineSince: decision.offlineSince,
      };
      steps.push({
        guarded,
        event: event(
          'device_online',
          t.at,
          { siteId: t.siteId, offlineSince: t.offlineSince },
          { topic: 'device.online', at: t.at, subject: t.mn, node, payload: t },
        ),
        transition: { kind: 'device_online', ...t },
      });
    } else steps.push({ guarded });
  }
  return steps;
}

/** Store `since` as a never-heard device's count start, unless a row with sightings or a stamp now exists. */
function stampFirstCheck(db: Kysely<Database>, mn: string, hasRow: boolean, since: number): CompiledQuery {
  if (!hasRow)
    return db
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
      .compile();
  return db
    .updateTable('device_status')
    .set({ state_since: since })
    .where('mn', '=', mn)
    .where('state', '=', 'unknown')
    .where('state_since', 'is', null)
    .where('last_data_at', 'is', null)
    .where('last_alive_at', 'is', null)
    .compile();
}

/**
 * The device-health job (issue 14): in ONE transaction, read every enabled device with its stored status, decide
 * each (rules/monitoring/device-health.ts) and write each transition with a CONDITIONAL update — its WHERE
 * re-checks the state and the sighting times that were read, so a second node running the same check at the same
 * time, or a sighting committed in between, makes it match no row, and no event is written. The `events` rows
 * (device_offline / device_online, the detail shapes the receiver wrote before) go in the same transaction, only
 * for updates that matched. Returns the transitions written (an unknown device's first sighting is written
 * silently, not returned). Devices go in MN order, the order ingest upserts them in, so no deadlock.
 *
 * PostgreSQL: one READ COMMITTED transaction; each conditional UPDATE locks its row and re-evaluates its WHERE on
 * the newest committed version, so the loser of a race matches nothing. SQLite: BEGIN IMMEDIATE (the write lock
 * from the start, nothing commits between the read and the writes). With the driver's handle the whole job runs
 * synchronously inside that transaction (like the group commit), so the lock is never held across an await — two
 * connections of one process (two nodes in a test) would otherwise wait on each other until busy_timeout.
 */
export async function evaluateDeviceHealth(
  target: HealthTarget,
  options: EvaluateOptions,
): Promise<DeviceHealthTransition[]> {
  const db = target instanceof Kysely ? target : target.db;
  const sqlite = target instanceof Kysely ? undefined : target.sqlite;
  if (sqlite && !db.isTransaction) {
    return db.connection().execute(async () =>
      sqlite
        .transaction(() => {
          const q = readQuery(db);
          const rows = sqlite.prepare(q.sql).all(...q.parameters) as Candidate[];
          const out: DeviceHealthTransition[] = [];
          for (const step of planSteps(db, rows, options)) {
            const ok = step.guarded.every((g) => sqlite.prepare(g.sql).run(...g.parameters).changes === 1);
            if (!ok) continue;
            for (const e of step.event ?? []) sqlite.prepare(e.sql).run(...e.parameters);
            if (step.transition) out.push(step.transition);
          }
          return out;
        })
        .immediate(),
    );
  }
  return writeTransaction(db, async (trx) => {
    const rows = (await trx.executeQuery<Candidate>(readQuery(trx))).rows;
    const out: DeviceHealthTransition[] = [];
    for (const step of planSteps(trx, rows, options)) {
      let ok = true;
      for (const g of step.guarded) {
        if (Number((await trx.executeQuery(g)).numAffectedRows ?? 0n) !== 1) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      for (const e of step.event ?? []) await trx.executeQuery(e);
      if (step.transition) out.push(step.transition);
    }
    return out;
  });
}
