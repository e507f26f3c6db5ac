import { describe, expect, it } from 'vitest';
import { can, type Principal, scopeFor, siteScope } from './principal.ts';
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

describe('roles and permissions', () => {
  it('gives the district office every permission and the public only published results', () => {
    for (const p of PERMISSIONS) expect(can(user(['office-admin']), p)).toBe(true);
    expect(PERMISSIONS.filter((p) => can(user(['public']), p))).toEqual(['published:read']);
  });

  it('lets leaders read everything but change nothing', () => {
    const leader = user(['leader']);
    expect(can(leader, 'air:read')).toBe(true);
    expect(can(leader, 'audit:read')).toBe(true);
    for (const p of ['sites:write', 'devices:write', 'users:admin', 'cases:write', 'data:import'] as const)
      expect(can(leader, p)).toBe(false);
  });

  it('keeps a township user inside its own township', () => {
    const t = user(['township'], '410611001');
    expect(siteScope(t, 'sites:read')).toEqual({ kind: 'townships', ids: ['410611001'] });
    expect(siteScope(t, 'users:admin')).toEqual({ kind: 'none' });
    expect(siteScope(user(['township'], null), 'sites:read')).toEqual({ kind: 'none' });
  });

  it('adds roles up: the widest scope wins for a permission both grant', () => {
    const both = user(['township', 'leader'], '410611001');
    expect(scopeFor(both, 'sites:read')).toBe('all');
    expect(can(both, 'tasks:write')).toBe(true);
  });

  it('limits enterprise users to their own outlets', () => {
    expect(siteScope(user(['enterprise']), 'devices:read', [7, 9])).toEqual({ kind: 'sites', ids: [7, 9] });
    expect(can(user(['enterprise']), 'air:read')).toBe(false);
  });
});
