import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DeviceStatusRow, NewEvent } from './device-status.table.ts';
import { type MeasurementInput, upsertMeasurements } from './measurements.repository.ts';
import { appendRawPackets } from './raw-packets.repository.ts';
import type { NewRawPacket } from './raw-packets.table.ts';

/** Rows per device_status upsert: 7 columns × 1,000 = 7,000 parameters (SQLite allows 32,766). */
const STATUS_BATCH = 1000;

/** Everything one group commit of the HJ 212 receiver writes. */
export interface IngestBatch {
  /** Every packet of the batch, with its verdict, in arrival order. */
  raw: readonly NewRawPacket[];
  /** Values to upsert; no two rows share a primary key (the caller de-duplicates). */
  measurements: readonly MeasurementInput[];
  /** The newest status of each device seen in the batch (one row per MN). */
  statuses: readonly DeviceStatusRow[];
  events: readonly NewEvent[];
}

/** Multi-row upsert of device status by MN (the per-row `saveDeviceStatus` is too slow for 1,000 devices). */
export async function upsertDeviceStatuses(
  db: Kysely<Database>,
  rows: readonly DeviceStatusRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += STATUS_BATCH) {
    await db
      .insertInto('device_status')
      .values(rows.slice(i, i + STATUS_BATCH))
      .onConflict((oc) =>
        oc.column('mn').doUpdateSet((eb) => ({
          last_seen_at: eb.ref('excluded.last_seen_at'),
          last_peer: eb.ref('excluded.last_peer'),
          last_data_time: eb.ref('excluded.last_data_time'),
          clock_drift_ms: eb.ref('excluded.clock_drift_ms'),
          state: eb.ref('excluded.state'),
          state_since: eb.ref('excluded.state_since'),
        })),
      )
      .execute();
  }
}

/**
 * Write one group commit in ONE transaction: raw packets (all verdicts), measurement upserts, device status
 * and events. The receiver answers the packets only after this resolves, so an acknowledged value is durable
 * (SQLite WAL + synchronous=NORMAL survives a process kill; PostgreSQL commits are durable).
 */
export async function commitIngestBatch(
  db: Kysely<Database>,
  batch: IngestBatch,
  receivedAt = Date.now(),
): Promise<void> {
  const write = async (trx: Kysely<Database>) => {
    if (batch.raw.length > 0) await appendRawPackets(trx, batch.raw);
    if (batch.measurements.length > 0) await upsertMeasurements(trx, batch.measurements, receivedAt);
    if (batch.statuses.length > 0) await upsertDeviceStatuses(trx, batch.statuses);
    if (batch.events.length > 0)
      await trx
        .insertInto('events')
        .values([...batch.events])
        .execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}
