import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DeviceStatusRow, EventRow } from './device-status.table.ts';

export type DeviceStatusInput = DeviceStatusRow;

/** Write the receiver's view of each device (upsert by MN). */
export async function saveDeviceStatus(
  db: Kysely<Database>,
  rows: readonly DeviceStatusInput[],
): Promise<void> {
  for (const row of rows) {
    await db
      .insertInto('device_status')
      .values(row)
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

export function listDeviceStatus(db: Kysely<Database>): Promise<DeviceStatusRow[]> {
  return db.selectFrom('device_status').selectAll().orderBy('mn').execute();
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

export function listEvents(
  db: Kysely<Database>,
  filter: { kind?: string; limit?: number } = {},
): Promise<EventRow[]> {
  let q = db.selectFrom('events').selectAll();
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  return q
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
}
