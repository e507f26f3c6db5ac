import type { MeBody } from '#contract/auth.ts';

/**
 * The township a signed-in user works for, when a role of theirs reaches its organisation (a township or street
 * user): its GB/T 2260 code. A department's organisation (dept.*) is no township, and district-wide users have
 * none; both get undefined, and the overview stays the district's.
 */
export function myTownshipId(me: MeBody | undefined): string | undefined {
  const org = me?.user.organisationId;
  if (!org || org.startsWith('dept.')) return undefined;
  return me.roles.some((r) => r.scope === 'organisation') ? org : undefined;
}

/** Whether the user has outlets of their own to look after (an inspector's assigned, an enterprise's own). */
export function hasOwnOutlets(me: MeBody | undefined): boolean {
  return me?.roles.some((r) => r.scope === 'assigned' || r.scope === 'enterprise') ?? false;
}

/** 本街道 for a street (街道), 我的乡镇 for a township or town: what the user calls their own area. */
export function mineLabelKey(townshipName: string | null | undefined): 'myStreet' | 'myTownship' {
  return townshipName?.endsWith('街道') ? 'myStreet' : 'myTownship';
}
