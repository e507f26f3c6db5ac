import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type SiteVisibility, siteVisible } from '#rules/access/principal.ts';
import { appendEvent, listDeviceStatus, listEvents } from './device-status.repository.ts';
import { findDevice, listDevices, upsertDevice } from './devices.repository.ts';
import { seedPlaces } from './places.ts';
import { listSites, upsertSite } from './sites.repository.ts';
import { forEachEngine } from './test-engines.ts';

const T = 1_767_225_600_000;
const TOWNSHIPS = ['410611001', '410611002', '410611100'] as const;

forEachEngine('storage: jurisdiction (site visibility) in SQL', (current) => {
  /** Two air stations and two outlets in each of three townships, one device per site. */
  const seed = async () => {
    const { db } = current();
    await seedPlaces(db);
    let n = 0;
    for (const townshipId of TOWNSHIPS) {
      for (const kind of ['air_station', 'air_station', 'outlet', 'outlet'] as const) {
        n += 1;
        const site = await upsertSite(db, {
          code: `S${n}`,
          name: `site ${n}`,
          kind,
          townshipId,
          isSample: true,
        });
        const mn = `MN${String(n).padStart(4, '0')}`;
        await upsertDevice(db, { mn, siteId: site.id, password: 'pw', factors: [] }, T);
        await appendEvent(db, { at: T, kind: 'device_offline', subject: mn });
      }
    }
    return listSites(db);
  };

  it('returns exactly the sites, devices and events the rule siteVisible() allows, for any visibility', async () => {
    const { db } = current();
    const sites = await seed();
    const devices = await listDevices(db);
    const visibility = fc.record({
      all: fc.constant(false),
      townshipIds: fc.subarray([...TOWNSHIPS]),
      siteIds: fc.subarray(sites.map((s) => s.id)),
      published: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(visibility, async (v: SiteVisibility) => {
        const expectedSites = sites.filter((s) => siteVisible(v, s)).map((s) => s.code);
        expect((await listSites(db, { visibleTo: v })).map((s) => s.code)).toEqual(expectedSites);
        const siteIds = new Set(sites.filter((s) => siteVisible(v, s)).map((s) => s.id));
        const expectedMns = devices.filter((d) => siteIds.has(d.siteId)).map((d) => d.mn);
        expect((await listDevices(db, v)).map((d) => d.mn)).toEqual(expectedMns);
        expect((await listEvents(db, { visibleTo: v })).map((e) => e.subject).sort()).toEqual(expectedMns);
        for (const d of devices) {
          expect((await findDevice(db, d.mn, v)) !== undefined).toBe(siteIds.has(d.siteId));
        }
      }),
      { numRuns: 25 },
    );
    // Everything, and nothing.
    const all: SiteVisibility = { all: true, townshipIds: [], siteIds: [], published: false };
    expect(await listSites(db, { visibleTo: all })).toHaveLength(sites.length);
    const none: SiteVisibility = { all: false, townshipIds: [], siteIds: [], published: false };
    expect(await listSites(db, { visibleTo: none })).toEqual([]);
    expect(await listDevices(db, none)).toEqual([]);
    expect(await listDeviceStatus(db, none)).toEqual([]);
  });
});
