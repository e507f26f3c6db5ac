import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/**
 * What removing a logger needs beyond the registry (devices.repository.ts): whether it ever delivered anything,
 * and the removal itself. Kept apart so the registry file stays the receiver's.
 */

/**
 * Packets received from this MN that sit on the raw-packet hash chain and name it (quarantined ones are kept
 * apart from the chain and swept after their retention, so they do not count).
 */
export async function packetCountOf(db: Kysely<Database>, mn: string): Promise<number> {
  const row = await db
    .selectFrom('raw_packets')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('mn', '=', mn)
    .where('verdict', '!=', 'quarantined')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes a device, its factor mapping and its status row; returns whether it existed. */
export async function deleteDevice(db: Kysely<Database>, mn: string): Promise<boolean> {
  await db.deleteFrom('device_factors').where('mn', '=', mn).execute();
  await db.deleteFrom('device_status').where('mn', '=', mn).execute();
  const result = await db.deleteFrom('devices').where('mn', '=', mn).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
