import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { upsertDevice } from '../devices.repository.ts';
import { upsertSite } from '../sites.repository.ts';
import { forEachEngine } from '../test-engines.ts';
import { down, up } from './0018-device-sightings.ts';

const T = 1_767_225_600_000;

forEachEngine('migration 0018: device sightings (last_data_at, last_alive_at)', (current) => {
  it('an upgraded row with data counts from its last sighting, one without data from nothing; down drops them', async () => {
    const { db } = current();
    const site = await upsertSite(db, { code: 'QB-M18', name: '迁移站', kind: 'air_station' });
    for (const mn of ['DATA', 'NODATA'])
      await upsertDevice(db, { mn, siteId: site.id, password: 'p', factors: [] });
    await down(db);
    // Rows as the receiver wrote them before 0018.
    await sql`insert into device_status (mn, last_seen_at, last_peer, last_data_time, clock_drift_ms, state, state_since)
      values ('DATA', ${T}, 'p', ${T - 5000}, 5000, 'online', ${T - 60_000}),
             ('NODATA', ${T}, 'p', null, null, 'unknown', null)`.execute(db);
    await up(db);
    const rows = await db
      .selectFrom('device_status')
      .select(['mn', 'last_data_at', 'last_alive_at', 'state', 'state_since'])
      .orderBy('mn')
      .execute();
    expect(rows).toEqual([
      { mn: 'DATA', last_data_at: T, last_alive_at: null, state: 'online', state_since: T - 60_000 },
      { mn: 'NODATA', last_data_at: null, last_alive_at: null, state: 'unknown', state_since: null },
    ]);
  });
});
