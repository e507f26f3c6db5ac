import type { Kysely } from 'kysely';
import type { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from './database.ts';
import type { DeviceStatusRow, EventRow } from './device-status.table.ts';
import { visibleDeviceMns } from './site-visibility.ts';

export type DeviceStatusInput = Omit<DeviceStatusRow, 'last_data_at' | 'last_alive_at'> &
  Partial<Pick<DeviceStatusRow, 'last_data_at' | 'last_alive_at'>>;

/**
 * Write whole status rows, state included (upsert by MN): for seeding and tests. The receiver does not use it —
 * ingest writes sightings (receiver-batch.repository.ts), the health job the state (device-health.repository.ts).
 * Without `last_data_at`, a row with data counts as received at `last_seen_at`.
 */
export async function saveDeviceStatus(
  db: Kysely<Database>,
  rows: readonly DeviceStatusInput[],
): Promise<void> {
  for (const row of rows) {
    await db
      .insertInto('device_status')
      .values({
        ...row,
        last_data_at: row.last_data_at ?? (row.last_data_time === null ? null : row.last_seen_at),
        last_alive_at: row.last_alive_at ?? null,
      })
      .onConflict((oc) =>
        oc.column('mn').doUpdateSet((eb) => ({
          last_seen_at: eb.ref('excluded.last_seen_at'),
          last_peer: eb.ref('excluded.last_peer'),
          last_data_time: eb.ref('excluded.last_data_time'),
          clock_drift_ms: eb.ref('excluded.clock_drift_ms'),
          last_data_at: eb.ref('excluded.last_data_at'),
          last_alive_at: eb.ref('excluded.last_alive_at'),
          state: eb.ref('excluded.state'),
          state_since: eb.ref('excluded.state_since'),
        })),
      )
      .execute();
  }
}

/** The health rows of the devices on sites within `j`. */
export function listDeviceStatus(db: Kysely<Database>, j: Jurisdiction): Promise<DeviceStatusRow[]> {
  let query = db.selectFrom('device_status').selectAll().orderBy('mn');
  if (!j.all) query = query.where('mn', 'in', visibleDeviceMns(db, j));
  return query.execute();
}

/** The newest DataTime a device within `j` has sent (epoch ms), or null when it has sent none. */
export async function lastDataTimeOf(
  db: Kysely<Database>,
  j: Jurisdiction,
  mn: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('device_status')
    .select('last_data_time')
    .where('mn', '=', mn)
    .$if(!j.all, (q) => q.where('mn', 'in', visibleDeviceMns(db, j)))
    .executeTakeFirst();
  return row?.last_data_time == null ? null : Number(row.last_data_time);
}

export async function appendEvent(
  db: Kysely<Database>,
  event: { at: number; kind: string; subject: string; detail?: unknown },
): Promise<void> {
  await db
    .insertInto('events')
    .values({
      at: event.at,
      kind: event.kind,
      subject: event.subject,
      detail: event.detail === undefined ? null : JSON.stringify(event.detail),
    })
    .execute();
}

/** Events about devices within `j`, newest first. */
export function listEvents(
  db: Kysely<Database>,
  j: Jurisdiction,
  filter: { kind?: string; limit?: number } = {},
): Promise<EventRow[]> {
  let q = db.selectFrom('events').selectAll();
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  // Device events name their device's MN as subject: they are seen where the device is.
  if (!j.all) q = q.where('subject', 'in', visibleDeviceMns(db, j));
  return q
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
}
