import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { GENESIS_HASH } from '#rules/audit/hash-chain.ts';
import type { Database } from './database.ts';
import { SQLITE_DEVICE_SIGHTING_UPSERT, upsertDeviceStatuses } from './device-sightings.repository.ts';
import type { DeviceSightingRow, NewEvent } from './device-status.table.ts';
import {
  SQLITE_DEVICE_MEASUREMENT_UPSERT,
  SQLITE_DEVICE_REALTIME_UPSERT,
  upsertDeviceRealtime,
  upsertDeviceValues,
} from './device-values.repository.ts';
import { engineOf } from './engine.ts';
import {
  DEVICE_MEASUREMENTS_COLUMNS,
  DEVICE_REALTIME_COLUMNS,
  deviceMeasurementsRow,
  deviceRealtimeRow,
  MEASUREMENTS_COLUMNS,
  measurementsRow,
  positional,
  RAW_PACKET_INPUT_COLUMNS,
  RAW_PACKET_TABLE_COLUMNS,
  REALTIME_VALUES_COLUMNS,
  sqliteInsert,
} from './ingest-row-shapes.ts';
import { type MeasurementInput, splitRealtime, upsertMeasurements } from './measurements.repository.ts';
import {
  appendOutbox,
  type NewOutboxEvent,
  SQLITE_OUTBOX_INSERT,
  sqliteOutboxParams,
} from './outbox.repository.ts';
import { SQLITE_NEXT_RAW_PACKET_ID } from './raw-packet-chain.repository.ts';
import { RAW_PACKET_CHAIN, rawPacketHash } from './raw-packet-chain.ts';
import { appendRawPackets } from './raw-packets.repository.ts';
import type { NewRawPacket } from './raw-packets.table.ts';
import {
  groupRealtime,
  SQLITE_REALTIME_FILL,
  SQLITE_REALTIME_UPSERT,
  uniqueRealtimeRows,
  upsertRealtimeValues,
} from './realtime-values.repository.ts';
import type { NewRealtimeValues } from './realtime-values.table.ts';

/**
 * Which logger a site value came from (issue 12): with `mn` the value is also kept as that logger's own
 * (device_measurements / device_realtime_values); with `backup` it only fills the site's gaps
 * (rules/monitoring/logger-precedence.ts: the main's value wins, a later main value replaces a backup's).
 */
export interface LoggerMark {
  mn?: string | null;
  backup?: boolean;
}
export type IngestMeasurement = MeasurementInput & LoggerMark;
export type IngestRealtime = NewRealtimeValues & LoggerMark;

/** Everything one group commit of the HJ 212 receiver writes. */
export interface IngestBatch {
  /** Every packet of the batch, with its verdict, in arrival order. */
  raw: readonly NewRawPacket[];
  /**
   * Values to upsert. No two periodic rows of one logger share a key (the caller de-duplicates); two loggers of
   * one site may (their site rows follow logger-precedence.ts, in order); real-time rows may (retransmissions
   * within one batch): they are merged per (site, DataTime), the later one winning.
   */
  measurements: readonly IngestMeasurement[];
  /**
   * Real-time readings already grouped per packet (the receiver's form: one row per 2011 packet), applied in
   * order before `measurements`; rows may share (time, site_id) and are then merged. Only these carry a
   * logger's own real-time readings (real-time values in `measurements` are stored for the site alone).
   */
  realtime?: readonly IngestRealtime[];
  /**
   * The newest sighting of each device seen in the batch (one row per MN): times only, never the state, which
   * the health job decides (device-health.repository.ts). Each time moves forward only.
   */
  statuses: readonly DeviceSightingRow[];
  events: readonly NewEvent[];
  /** Outbox events of this commit (issue 14: measurements.stored, device.online …), written in its transaction. */
  outbox?: readonly NewOutboxEvent[];
  /**
   * The writer wakes the outbox consumers itself once the commit is done (the HJ 212 group commit: a coalesced
   * NOTIFY, outbox-wake.ts), so the transaction sends none — on PostgreSQL a NOTIFY in a transaction takes the
   * server's one notify-queue lock at commit, which would serialise every receiving node's commits.
   */
  wakeAfterCommit?: boolean;
}

/** Where a batch goes: a Kysely instance (or transaction), or an open handle (SQLite: with its driver). */
export type IngestTarget = Kysely<Database> | { db: Kysely<Database>; sqlite?: BetterSqlite3.Database };

/**
 * The SQLite statements of one commit, prepared once per connection and reused for every commit. Same
 * semantics as the Kysely path (upsertMeasurements: "only a real change rewrites the row", received_at
 * included; upsertDeviceStatuses: sighting times only move forward); receiver-batch.storage.test.ts runs
 * both paths against the same expectations.
 */
const SQLITE_SQL = {
  head: 'select last_hash from chain_heads where name = ?',
  // A node's chain starts on its first append (lockChainHead does the same on the Kysely path).
  createHead:
    'insert into chain_heads (name, last_id, last_hash) values (?, null, ?) on conflict (name) do nothing',
  nextId: `select ${SQLITE_NEXT_RAW_PACKET_ID}`,
  advance: 'update chain_heads set last_id = ?, last_hash = ? where name = ?',
  raw: sqliteInsert('raw_packets', RAW_PACKET_TABLE_COLUMNS),
  measurement: `${sqliteInsert('measurements', MEASUREMENTS_COLUMNS)}
    on conflict (site_id, parameter, period, time) do update set
      value = excluded.value, flag = excluded.flag, source = excluded.source, received_at = excluded.received_at
    where measurements.value is distinct from excluded.value
      or measurements.flag is distinct from excluded.flag
      or measurements.source is distinct from excluded.source`,
  status: SQLITE_DEVICE_SIGHTING_UPSERT,
  realtime: SQLITE_REALTIME_UPSERT,
  realtimeFill: SQLITE_REALTIME_FILL,
  measurementFill: `${sqliteInsert('measurements', MEASUREMENTS_COLUMNS)}
    on conflict (site_id, parameter, period, time) do update set
      value = excluded.value, flag = excluded.flag, source = excluded.source, received_at = excluded.received_at
    where measurements.source = excluded.source
      and (measurements.value is distinct from excluded.value or measurements.flag is distinct from excluded.flag)`,
  deviceMeasurement: SQLITE_DEVICE_MEASUREMENT_UPSERT,
  deviceRealtime: SQLITE_DEVICE_REALTIME_UPSERT,
  event: 'insert into events (at, kind, subject, detail) values (?, ?, ?, ?)',
  outbox: SQLITE_OUTBOX_INSERT,
} as const;

type SqliteCommit = (batch: IngestBatch, receivedAt: number, chain: string) => void;
const sqliteCommits = new WeakMap<BetterSqlite3.Database, SqliteCommit>();

function sqliteCommitOf(database: BetterSqlite3.Database): SqliteCommit {
  let commit = sqliteCommits.get(database);
  if (commit) return commit;
  const head = database.prepare(SQLITE_SQL.head).pluck();
  const createHead = database.prepare(SQLITE_SQL.createHead);
  const nextId = database.prepare(SQLITE_SQL.nextId).pluck();
  const advance = database.prepare(SQLITE_SQL.advance);
  const raw = database.prepare(SQLITE_SQL.raw);
  const measurement = database.prepare(SQLITE_SQL.measurement);
  const realtime = database.prepare(SQLITE_SQL.realtime);
  const realtimeFill = database.prepare(SQLITE_SQL.realtimeFill);
  const measurementFill = database.prepare(SQLITE_SQL.measurementFill);
  const deviceMeasurement = database.prepare(SQLITE_SQL.deviceMeasurement);
  const deviceRealtime = database.prepare(SQLITE_SQL.deviceRealtime);
  const status = database.prepare(SQLITE_SQL.status);
  const event = database.prepare(SQLITE_SQL.event);
  const outbox = database.prepare(SQLITE_SQL.outbox);
  const write = database.transaction((batch: IngestBatch, receivedAt: number, chain: string) => {
    if (batch.raw.length > 0) {
      // The chain head is read and advanced in this transaction (BEGIN IMMEDIATE: the write lock from the
      // start, so no other connection can append between the read and the write).
      let prev = head.get(chain) as string | undefined;
      if (prev === undefined && chain !== RAW_PACKET_CHAIN) {
        createHead.run(chain, GENESIS_HASH);
        prev = head.get(chain) as string | undefined;
      }
      if (prev === undefined) throw new Error(`hash chain "${chain}" has no head row`);
      let id = Number(nextId.get());
      for (const r of batch.raw) {
        const { received_at, peer, bytes, verdict } = r;
        const mn = r.mn ?? null;
        const cn = r.cn ?? null;
        const qn = r.qn ?? null;
        const reason = r.reason ?? null;
        const hash = rawPacketHash(prev, { id, received_at, peer, mn, cn, qn, bytes, verdict, reason });
        raw.run(id, ...positional(r, RAW_PACKET_INPUT_COLUMNS), prev, hash, chain);
        prev = hash;
        id++;
      }
      advance.run(id - 1, prev, chain);
    }
    const { periodic, realtime: realtimeValues } = splitRealtime(batch.measurements);
    // One statement per row, in order: rows of one instant merge in the database (json_patch), later wins.
    // A backup logger's rows only fill the site's gaps (rules/monitoring/logger-precedence.ts); every logger's
    // rows are also kept as its own.
    // Parameters in the order of the statements' column lists, both from ingest-row-shapes.ts.
    for (const r of batch.realtime ?? []) {
      (r.backup ? realtimeFill : realtime).run(positional(r, REALTIME_VALUES_COLUMNS));
      if (r.mn)
        deviceRealtime.run(positional(deviceRealtimeRow({ ...r, mn: r.mn }), DEVICE_REALTIME_COLUMNS));
    }
    for (const r of groupRealtime(realtimeValues, receivedAt)) {
      realtime.run(positional(r, REALTIME_VALUES_COLUMNS));
    }
    for (const m of periodic as IngestMeasurement[]) {
      (m.backup ? measurementFill : measurement).run(
        positional(measurementsRow(m, receivedAt), MEASUREMENTS_COLUMNS),
      );
      if (m.mn) {
        const own = deviceMeasurementsRow({ ...m, mn: m.mn }, receivedAt);
        deviceMeasurement.run(positional(own, DEVICE_MEASUREMENTS_COLUMNS));
      }
    }
    for (const s of batch.statuses) {
      status.run(
        s.mn,
        s.last_seen_at,
        s.last_peer,
        s.last_data_time,
        s.last_data_at,
        s.last_alive_at,
        s.clock_drift_ms,
      );
    }
    for (const e of batch.events) event.run(e.at, e.kind, e.subject, e.detail ?? null);
    for (const e of batch.outbox ?? []) outbox.run(...sqliteOutboxParams(e));
  });
  commit = write.immediate as SqliteCommit;
  sqliteCommits.set(database, commit);
  return commit;
}

/**
 * Site rows with no two sharing a key, the later winning (as the SQLite path's in-order statements end): two
 * loggers of one role at one site may deliver the same (parameter, period, time), and PostgreSQL refuses a
 * statement that updates one row twice.
 */
function uniqueSiteRows(rows: readonly IngestMeasurement[]): readonly IngestMeasurement[] {
  const byKey = new Map<string, IngestMeasurement>();
  for (const m of rows) byKey.set(`${m.site_id}\u0000${m.parameter}\u0000${m.period}\u0000${m.time}`, m);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

/**
 * Write one group commit in ONE transaction: raw packets (all verdicts, hash-chained onto the head of `chain`
 * — the receiving node's own, rawPacketChainOf — that this transaction locks and advances: raw-packet-chain.ts),
 * measurement upserts, device status and events.
 * The receiver answers the packets only after this resolves, so an acknowledged value is durable (SQLite WAL +
 * synchronous=NORMAL survives a process kill; PostgreSQL commits are durable).
 *
 * Two engine variants, on purpose (the house rule: both in this one function): on SQLite, Kysely compiles a
 * multi-row statement anew for every commit and the driver prepares it anew, which cost more than the writes
 * themselves; the driver's statements, prepared once and reused, run the same SQL several times faster. The
 * portable Kysely path serves PostgreSQL and a caller's open transaction (which the statements must join).
 */
export async function commitIngestBatch(
  target: IngestTarget,
  batch: IngestBatch,
  receivedAt = Date.now(),
  chain = RAW_PACKET_CHAIN,
): Promise<void> {
  const db = target instanceof Kysely ? target : target.db;
  const sqlite = target instanceof Kysely ? undefined : target.sqlite;
  if (sqlite && !db.isTransaction) {
    // Holding Kysely's one connection keeps any Kysely transaction from interleaving with this one.
    await db.connection().execute(async () => sqliteCommitOf(sqlite)(batch, receivedAt, chain));
    return;
  }
  const write = async (trx: Kysely<Database>) => {
    if (batch.raw.length > 0) await appendRawPackets(trx, batch.raw, chain);
    const realtime = batch.realtime ?? [];
    if (realtime.length > 0) {
      // Main rows first, then a backup's filling the gaps: the same outcome as the SQLite path's arrival order.
      const mains = realtime.filter((r) => !r.backup);
      const backups = realtime.filter((r) => r.backup);
      if (mains.length > 0) await upsertRealtimeValues(trx, uniqueRealtimeRows(mains));
      if (backups.length > 0)
        await upsertRealtimeValues(trx, uniqueRealtimeRows(backups), { fillOnly: true });
      const own = realtime.filter((r) => r.mn);
      if (own.length > 0)
        await upsertDeviceRealtime(
          trx,
          own.map((r) => deviceRealtimeRow({ ...r, mn: r.mn as string })),
        );
    }
    if (batch.measurements.length > 0) {
      const mains = batch.measurements.filter((m) => !m.backup);
      const backups = batch.measurements.filter((m) => m.backup);
      if (mains.length > 0) await upsertMeasurements(trx, uniqueSiteRows(mains), receivedAt);
      if (backups.length > 0)
        await upsertMeasurements(trx, uniqueSiteRows(backups), receivedAt, { fillOnly: true });
      const own = batch.measurements.filter((m) => m.mn && m.period !== 'raw');
      if (own.length > 0)
        await upsertDeviceValues(
          trx,
          own.map((m) => deviceMeasurementsRow({ ...m, mn: m.mn as string }, receivedAt)),
        );
    }
    if (batch.statuses.length > 0) await upsertDeviceStatuses(trx, batch.statuses);
    if (batch.events.length > 0)
      await trx
        .insertInto('events')
        .values([...batch.events])
        .execute();
    if (batch.outbox && batch.outbox.length > 0) {
      // No NOTIFY inside the group commit (migration 0015's trigger): the writer sends one after it commits
      // (outbox-wake.ts), so the commits of several receiving nodes never queue on PostgreSQL's notify lock.
      if (batch.wakeAfterCommit && engineOf(trx) === 'postgres') {
        await sql`select set_config('qingshan.outbox_notify', 'off', true)`.execute(trx);
      }
      await appendOutbox(trx, batch.outbox);
    }
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}
