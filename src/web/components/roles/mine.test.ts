import { describe, expect, it } from 'vitest';
import type { MeBody } from '#contract/auth.ts';
import { hasOwnOutlets, mineLabelKey, myTownshipId } from './mine.ts';

const me = (organisationId: string | null, scope: string): MeBody => ({
  user: { id: 1, username: 'u', displayName: 'U', organisationId },
  roles: [{ id: 'r', nameZh: '角色', nameEn: 'role', scope, permissions: [] }],
  permissions: [],
  via: 'session',
});

describe('whose overview', () => {
  it('a township user’s township; none for a department, a district-wide user or a visitor', () => {
    expect(myTownshipId(me('410611001', 'organisation'))).toBe('410611001');
    expect(myTownshipId(me('dept.ecology-environment', 'organisation'))).toBeUndefined();
    expect(myTownshipId(me(null, 'all'))).toBeUndefined();
    expect(myTownshipId(me('410611001', 'all'))).toBeUndefined();
    expect(myTownshipId(undefined)).toBeUndefined();
  });

  it('own outlets for an inspector (assigned) and an enterprise, not for others', () => {
    expect(hasOwnOutlets(me(null, 'assigned'))).toBe(true);
    expect(hasOwnOutlets(me(null, 'enterprise'))).toBe(true);
    expect(hasOwnOutlets(me('410611001', 'organisation'))).toBe(false);
    expect(hasOwnOutlets(undefined)).toBe(false);
  });

  it('a street is 本街道, a township or town 我的乡镇', () => {
    expect(mineLabelKey('金山街道')).toBe('myStreet');
    expect(mineLabelKey('上峪乡')).toBe('myTownship');
    expect(mineLabelKey('大赉店镇')).toBe('myTownship');
  });
});
