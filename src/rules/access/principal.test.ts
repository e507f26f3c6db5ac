import { describe, expect, it } from 'vitest';
import { can, type Principal, scopeFor, siteVisibility, siteVisible } from './principal.ts';
import { DEFAULT_ROLES, PERMISSIONS } from './roles.ts';

const role = (id: string) => {
  const r = DEFAULT_ROLES.find((x) => x.id === id);
  if (!r) throw new Error(id);
  return r;
};
const user = (roles: string[], organisationId: string | null = null): Principal => ({
  userId: 1,
  username: 'u',
  roles: roles.map(role),
  organisationId,
});
/** As the server loads them: everyone also holds the public role. */
const signedIn = (roles: string[], organisationId: string | null = null): Principal => ({
  ...user(roles, organisationId),
  everyone: role('public'),
});
const anonymous: Principal = {
  userId: 0,
  username: 'anonymous',
  roles: [],
  organisationId: null,
  everyone: role('public'),
};
const station = (id: number, townshipId: string | null) => ({ id, kind: 'air_station', townshipId });
const outlet = (id: number, townshipId: string | null) => ({ id, kind: 'outlet', townshipId });

describe('roles and permissions', () => {
  it('gives the district office every permission and the public only published results', () => {
    for (const p of PERMISSIONS) expect(can(user(['office-admin']), p)).toBe(true);
    expect(PERMISSIONS.filter((p) => can(user(['public']), p))).toEqual([
      'air:read',
      'sites:read',
      'published:read',
    ]);
    expect(PERMISSIONS.filter((p) => can(anonymous, p))).toEqual([
      'air:read',
      'sites:read',
      'published:read',
    ]);
  });

  it('lets leaders read everything but change nothing', () => {
    const leader = user(['leader']);
    expect(can(leader, 'air:read')).toBe(true);
    expect(can(leader, 'audit:read')).toBe(true);
    for (const p of ['sites:write', 'devices:write', 'users:admin', 'cases:write', 'data:import'] as const)
      expect(can(leader, p)).toBe(false);
  });

  it('keeps a township user inside its own township, plus what is published', () => {
    const t = signedIn(['township'], '410611001');
    const sites = siteVisibility(t, 'sites:read');
    expect(sites).toEqual({ all: false, townshipIds: ['410611001'], siteIds: [], published: true });
    expect(siteVisible(sites, outlet(1, '410611001'))).toBe(true);
    expect(siteVisible(sites, outlet(2, '410611002'))).toBe(false);
    expect(siteVisible(sites, station(3, '410611002'))).toBe(true);
    // Devices are not published: only its own township's.
    const devices = siteVisibility(t, 'devices:read');
    expect(siteVisible(devices, station(3, '410611002'))).toBe(false);
    expect(siteVisible(devices, outlet(1, '410611001'))).toBe(true);
    expect(siteVisibility(t, 'users:admin')).toEqual({
      all: false,
      townshipIds: [],
      siteIds: [],
      published: false,
    });
    // A township user without a township reaches only what is published.
    expect(siteVisibility(signedIn(['township'], null), 'devices:read').townshipIds).toEqual([]);
  });

  it('adds roles up: the widest scope wins for a permission both grant', () => {
    const both = signedIn(['township', 'leader'], '410611001');
    expect(scopeFor(both, 'sites:read')).toBe('all');
    expect(siteVisibility(both, 'devices:read').all).toBe(true);
    expect(can(both, 'tasks:write')).toBe(true);
  });

  it('limits enterprise users to their own outlets', () => {
    const e = signedIn(['enterprise']);
    const v = siteVisibility(e, 'devices:read', [7, 9]);
    expect(v).toEqual({ all: false, townshipIds: [], siteIds: [7, 9], published: false });
    expect(siteVisible(v, outlet(7, '410611002'))).toBe(true);
    expect(siteVisible(v, outlet(8, '410611002'))).toBe(false);
    expect(can(user(['enterprise']), 'air:read')).toBe(false);
    expect(can(e, 'air:read')).toBe(true);
  });

  it('shows the anonymous public the air stations only', () => {
    const v = siteVisibility(anonymous, 'sites:read');
    expect(siteVisible(v, station(1, '410611001'))).toBe(true);
    expect(siteVisible(v, outlet(2, '410611001'))).toBe(false);
    expect(siteVisibility(anonymous, 'devices:read').published).toBe(false);
  });
});
