import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { type Principal, siteVisible } from '#rules/access/principal.ts';
import type { RoleDefinition, Scope } from '#rules/access/roles.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { appendEvent, listDeviceStatus, listEvents } from './device-status.repository.ts';
import { findDevice, listDevices, upsertDevice } from './devices.repository.ts';
import { seedPlaces } from './places.ts';
import { listSites, upsertSite } from './sites.repository.ts';
import { forEachEngine } from './test-engines.ts';

const T = 1_767_225_600_000;
const TOWNSHIPS = ['410611001', '410611002', '410611100'] as const;

const role = (scope: Scope): RoleDefinition => ({
  id: scope,
  nameZh: scope,
  nameEn: scope,
  scope,
  permissions: ['sites:read', 'devices:read', 'events:read'],
});

/** A caller of a township (or none), with assigned sites, and with or without the public's reach. */
function caller(township: string | null, siteIds: number[], published: boolean) {
  const roles = [role('organisation'), role('assigned')];
  const principal: Principal & { siteIds: number[] } = {
    userId: 1,
    username: 'u',
    roles,
    organisationId: township,
    siteIds,
    ...(published ? { everyone: role('published') } : {}),
  };
  return principal;
}

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
    return listSites(db, EVERY_SITE);
  };

  it('returns exactly the sites, devices and events the rule siteVisible() allows, for any visibility', async () => {
    const { db } = current();
    const sites = await seed();
    const devices = await listDevices(db, EVERY_SITE);
    const callers = fc.record({
      township: fc.constantFrom(null, ...TOWNSHIPS),
      siteIds: fc.subarray(sites.map((s) => s.id)),
      published: fc.boolean(),
      permission: fc.constantFrom('sites:read', 'devices:read', 'users:admin'),
    });
    await fc.assert(
      fc.asyncProperty(callers, async (c) => {
        const v = Jurisdiction.of(caller(c.township, c.siteIds, c.published), c.permission);
        const expectedSites = sites.filter((s) => siteVisible(v, s)).map((s) => s.code);
        expect((await listSites(db, v)).map((s) => s.code)).toEqual(expectedSites);
        const siteIds = new Set(sites.filter((s) => siteVisible(v, s)).map((s) => s.id));
        const expectedMns = devices.filter((d) => siteIds.has(d.siteId)).map((d) => d.mn);
        expect((await listDevices(db, v)).map((d) => d.mn)).toEqual(expectedMns);
        expect((await listEvents(db, v)).map((e) => e.subject).sort()).toEqual(expectedMns);
        for (const d of devices) {
          expect((await findDevice(db, v, d.mn)) !== undefined).toBe(siteIds.has(d.siteId));
        }
      }),
      { numRuns: 25 },
    );
    // Everything, and nothing (a permission none of the caller's roles grants).
    expect(await listSites(db, Jurisdiction.system('test'))).toHaveLength(sites.length);
    const none = Jurisdiction.of(caller(TOWNSHIPS[0], [1], true), 'users:admin');
    expect(await listSites(db, none)).toEqual([]);
    expect(await listDevices(db, none)).toEqual([]);
    expect(await listDeviceStatus(db, none)).toEqual([]);
  });
});
