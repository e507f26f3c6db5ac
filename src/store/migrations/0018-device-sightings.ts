import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0018: the stored sighting times device health is decided from (issue 14, "no process-local truth"). Each
 * receiving node writes only sightings; one job over the stored times decides online/offline
 * (rules/monitoring/device-health.ts, store/device-health.repository.ts).
 *
 * - `last_data_at`: receive time of the newest data packet (2011/2051/2061/2031) — offline counts from here.
 * - `last_alive_at`: receive time of the newest HJ 212-2025 heartbeat (9015), which also keeps a logger online.
 *
 * Existing rows get `last_data_at = last_seen_at` where the device has sent data: the receiver seeded its
 * in-memory table the same way after a restart, so the first check after the upgrade decides as before.
 */
export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.alterTable('device_status').addColumn('last_data_at', 'bigint').execute();
    await trx.schema.alterTable('device_status').addColumn('last_alive_at', 'bigint').execute();
    await sql`update device_status set last_data_at = last_seen_at where last_data_time is not null`.execute(
      trx,
    );
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.alterTable('device_status').dropColumn('last_alive_at').execute();
    await trx.schema.alterTable('device_status').dropColumn('last_data_at').execute();
  });
}
