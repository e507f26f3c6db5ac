import { expect, it } from 'vitest';
import { airHours } from '#services/air-series.service.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { appendEvent } from './device-status.repository.ts';
import { upsertDevice } from './devices.repository.ts';
import { upsertMeasurements } from './measurements.repository.ts';
import { seedPlaces } from './places.ts';
import { upsertSite } from './sites.repository.ts';
import { forEachEngine } from './test-engines.ts';

const H = 3_600_000;
/** 2026-12-01 00:00 Beijing time. */
const T0 = Date.parse('2026-12-01T00:00:00+08:00');
const SIX = ['SO2', 'NO2', 'PM10', 'PM2.5', 'CO', 'O3'] as const;

forEachEngine('storage: why an hour of a station is missing (gaps explained, issue 12)', (current) => {
  it('tells offline, invalid (with the logger’s flag) and no-data hours apart, and leaves complete hours alone', async () => {
    const { db } = current();
    await seedPlaces(db);
    const site = await upsertSite(db, {
      code: 'G01',
      name: '缺测站',
      kind: 'air_station',
      townshipId: '410611001',
    });
    await upsertDevice(db, { mn: 'MNGAP0001', siteId: site.id, password: 'pw', factors: [] }, T0);
    const hour = (i: number, value: number | null, flag: string | null = 'N') =>
      SIX.map((parameter) => ({
        site_id: site.id,
        parameter,
        period: 'hour' as const,
        time: T0 + i * H,
        value,
        flag,
        source: 'test',
      }));
    // Hours 0, 1, 6 and 7 complete; 2–3 the logger was offline; 4 came with every value unusable, flagged D
    // (fault); 5 nothing came.
    await upsertMeasurements(
      db,
      [...hour(0, 10), ...hour(1, 10), ...hour(4, null, 'D'), ...hour(6, 10), ...hour(7, 10)],
      T0,
    );
    await appendEvent(db, { at: T0 + 2 * H + 5 * 60_000, kind: 'device_offline', subject: 'MNGAP0001' });
    await appendEvent(db, { at: T0 + 3 * H + 50 * 60_000, kind: 'device_online', subject: 'MNGAP0001' });

    const body = await airHours(
      current(),
      EVERY_SITE,
      { sites: ['G01'], hours: 8, to: T0 + 7 * H },
      T0 + 8 * H,
    );
    expect(body.t0).toBe(T0);
    const s = body.sites[0];
    expect(s?.values['PM2.5']).toEqual([10, 10, null, null, null, null, 10, 10]);
    expect(s?.gaps).toEqual([
      { from: 2, to: 4, reason: 'offline', flag: null },
      { from: 4, to: 5, reason: 'invalid', flag: 'D' },
      { from: 5, to: 6, reason: 'no-data', flag: null },
    ]);
  });
});
