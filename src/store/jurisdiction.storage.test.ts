import { expect, it } from 'vitest';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Principal, SiteVisibility } from '#rules/access/principal.ts';
import type { RoleDefinition } from '#rules/access/roles.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { deviceStates, latestHourPerSite, recentDataVersion } from './dashboard.repository.ts';
import { listSiteValues } from './device-data.repository.ts';
import { appendEvent, lastDataTimeOf, listDeviceStatus, listEvents } from './device-status.repository.ts';
import { listDeviceValues, upsertDeviceValues } from './device-values.repository.ts';
import { findDevice, listDevices, upsertDevice } from './devices.repository.ts';
import { loggerStateChanges, unusableHours } from './hour-gaps.repository.ts';
import { countMeasurements, hourlySeries, upsertMeasurements } from './measurements.repository.ts';
import { seedPlaces } from './places.ts';
import { listSites, upsertSite } from './sites.repository.ts';
import { forEachEngine } from './test-engines.ts';

// Issue 14: "Jurisdiction is a required argument of every query that returns per-site data; forgetting it is a
// type error, not a leak." The compile-time half is the @ts-expect-error lines below (tsc --noEmit checks this
// file in `npm test`: a call that compiled without a jurisdiction would make the directive itself an error); the
// runtime half, that each query returns only the caller's sites.

const T = 1_767_225_600_000;
const H = 3_600_000;
const OWN = '410611001';
const OTHER = '410611002';

const township: RoleDefinition = {
  id: 'township',
  nameZh: '乡镇',
  nameEn: 'township',
  scope: 'organisation',
  permissions: ['sites:read', 'devices:read', 'events:read', 'air:read'],
};
const officer: Principal = { userId: 7, username: 'officer', roles: [township], organisationId: OWN };

/** Never called: these lines are checked by the compiler only. */
export function forgettingJurisdictionDoesNotCompile(db: Parameters<typeof listSites>[0]) {
  const q = { siteIds: [1], parameters: ['PM2.5'], from: 0, to: 1 };
  // @ts-expect-error a site list without a jurisdiction
  void listSites(db);
  // @ts-expect-error a site list with a filter in the jurisdiction's place
  void listSites(db, { kind: 'outlet' });
  // @ts-expect-error measurements without a jurisdiction
  void hourlySeries(db, q);
  // @ts-expect-error a device list without a jurisdiction
  void listDevices(db);
  // @ts-expect-error a hand-made visibility is no Jurisdiction (only Jurisdiction.of / .system make one)
  void listDevices(db, { all: true, townshipIds: [], siteIds: [], published: true } satisfies SiteVisibility);
  // @ts-expect-error real-time/hourly values of a site without a jurisdiction
  void listSiteValues(db, { siteId: 1, parameters: ['PM2.5'], period: 'hour' });
  // @ts-expect-error the dashboard's station states without a jurisdiction
  void deviceStates(db);
}

forEachEngine('storage: every per-site query applies the jurisdiction it is given', (current) => {
  /** An outlet with a logger, an hourly and a real-time value, and an offline event, in each of two townships. */
  const seed = async () => {
    const { db } = current();
    await seedPlaces(db);
    const out: Record<string, { siteId: number; mn: string }> = {};
    for (const t of [OWN, OTHER]) {
      const site = await upsertSite(db, {
        code: `O-${t}`,
        name: `outlet ${t}`,
        kind: 'outlet',
        townshipId: t,
      });
      const mn = `MN${t}`;
      await upsertDevice(db, { mn, siteId: site.id, password: 'pw', factors: [] }, T);
      await upsertMeasurements(db, [
        { site_id: site.id, parameter: 'PM2.5', period: 'hour', time: T, value: -1, source: 'hj212' },
        { site_id: site.id, parameter: 'PM2.5', period: 'raw', time: T + 60_000, value: 5, source: 'hj212' },
      ]);
      await upsertDeviceValues(db, [
        { mn, parameter: 'PM2.5', period: 'hour', time: T, value: -1, flag: null, received_at: T },
      ]);
      await appendEvent(db, { at: T, kind: 'device_offline', subject: mn });
      out[t] = { siteId: site.id, mn };
    }
    return out as Record<typeof OWN | typeof OTHER, { siteId: number; mn: string }>;
  };

  it('gives a township officer its own township’s data and nothing of another, through each query', async () => {
    const { db } = current();
    const s = await seed();
    const j = Jurisdiction.of(officer, 'devices:read');
    const both = [s[OWN].siteId, s[OTHER].siteId];
    const range = { from: T - H, to: T + 2 * H };

    expect((await listSites(db, j, { kind: 'outlet' })).map((x) => x.code)).toEqual([`O-${OWN}`]);
    expect((await listDevices(db, j)).map((d) => d.mn)).toEqual([s[OWN].mn]);
    expect(await findDevice(db, j, s[OTHER].mn)).toBeUndefined();
    expect((await listEvents(db, j)).map((e) => e.subject)).toEqual([s[OWN].mn]);
    expect((await deviceStates(db, j)).map((d) => d.mn)).toEqual([s[OWN].mn]);

    const series = await hourlySeries(db, j, { siteIds: both, parameters: ['PM2.5'], ...range });
    expect(series.map((x) => x.siteId)).toEqual([s[OWN].siteId]);
    expect(await countMeasurements(db, j)).toBe(2);
    expect(await countMeasurements(db, EVERY_SITE)).toBe(4);
    const recent = { siteIds: both, parameters: ['PM2.5'], since: 0 };
    expect([...(await latestHourPerSite(db, j, recent)).keys()]).toEqual([s[OWN].siteId]);
    expect(await recentDataVersion(db, j, { ...recent, siteIds: [s[OTHER].siteId] })).toBeNull();

    for (const period of ['hour', 'raw'] as const) {
      const q = { parameters: ['PM2.5'], period, ...range };
      expect(await listSiteValues(db, j, { siteId: s[OWN].siteId, ...q })).toHaveLength(1);
      expect(await listSiteValues(db, j, { siteId: s[OTHER].siteId, ...q })).toEqual([]);
    }
    const own = { mn: s[OWN].mn, siteId: s[OWN].siteId, parameters: ['PM2.5'], period: 'hour' as const };
    expect(await listDeviceValues(db, j, own)).toHaveLength(1);
    expect(await listDeviceValues(db, j, { ...own, mn: s[OTHER].mn, siteId: s[OTHER].siteId })).toEqual([]);

    const gaps = { parameters: ['PM2.5'], ...range };
    expect((await unusableHours(db, j, { siteId: s[OWN].siteId, ...gaps })).size).toBe(1);
    expect((await unusableHours(db, j, { siteId: s[OTHER].siteId, ...gaps })).size).toBe(0);
    expect(await loggerStateChanges(db, j, { siteId: s[OTHER].siteId, ...range })).toEqual([]);
    expect(await loggerStateChanges(db, j, { siteId: s[OWN].siteId, ...range })).toHaveLength(1);
    expect((await listDeviceStatus(db, j)).every((r) => r.mn === s[OWN].mn)).toBe(true);
    expect(await lastDataTimeOf(db, j, s[OTHER].mn)).toBeNull();
  });

  it('gives a permission the officer lacks nothing at all, and the system jurisdiction everything', async () => {
    const { db } = current();
    const s = await seed();
    const none = Jurisdiction.of(officer, 'users:admin');
    expect(await listSites(db, none)).toEqual([]);
    expect(await listDevices(db, none)).toEqual([]);
    expect(await countMeasurements(db, none)).toBe(0);
    const system = Jurisdiction.system('test: the operator');
    expect(system.basis).toBe('system:test: the operator');
    expect((await listDevices(db, system)).map((d) => d.mn)).toEqual([s[OWN].mn, s[OTHER].mn].sort());
  });
});
