import type { Permission, RoleDefinition, Scope } from './roles.ts';

/** Who is asking: a signed-in user (or API token) with the roles they hold and the organisation they belong to. */
export interface Principal {
  userId: number;
  username: string;
  roles: readonly RoleDefinition[];
  /** A township's or department's organisation id (GB/T 2260 code for townships); null for district-wide users. */
  organisationId: string | null;
  /**
   * The role every caller holds, signed in or not: the public's. What is published is visible to everyone, so a
   * township user also reads the district's published air quality. Absent = only `roles` count.
   */
  everyone?: RoleDefinition;
}

/** The roles that count for a principal: its own and the public's. */
export function effectiveRoles(principal: Principal): readonly RoleDefinition[] {
  return principal.everyone ? [...principal.roles, principal.everyone] : principal.roles;
}

/** A user may do what any of their roles allows (roles add up). */
export function can(principal: Principal, permission: Permission): boolean {
  return effectiveRoles(principal).some((r) => r.permissions.includes(permission));
}

const BREADTH: Record<Scope, number> = { all: 4, organisation: 3, enterprise: 2, assigned: 1, published: 0 };

/**
 * The widest scope among the roles that grant `permission` (a leader who is also a township user reads
 * everything), or undefined when none does.
 */
export function scopeFor(principal: Principal, permission: Permission): Scope | undefined {
  let best: Scope | undefined;
  for (const role of effectiveRoles(principal)) {
    if (!role.permissions.includes(permission)) continue;
    if (best === undefined || BREADTH[role.scope] > BREADTH[best]) best = role.scope;
  }
  return best;
}

/**
 * Which sites a principal reaches for `permission`: the union over the roles that grant it — every site, the
 * sites of its own township (organisation scope; a department's organisation is no township and reaches no
 * site), its own or assigned sites (enterprise and assigned scopes: the caller supplies them from user_sites),
 * and the published sites (the public's scope).
 */
export interface SiteVisibility {
  all: boolean;
  townshipIds: readonly string[];
  siteIds: readonly number[];
  /**
   * Air stations: their air-quality results are published information (HJ 633-2012 §7 / HJ 633-2026 require the
   * AQI to be published), so whoever may read published results may read them.
   */
  published: boolean;
}

export const ALL_SITES: SiteVisibility = { all: true, townshipIds: [], siteIds: [], published: true };
export const NO_SITES: SiteVisibility = { all: false, townshipIds: [], siteIds: [], published: false };

export function siteVisibility(
  principal: Principal,
  permission: Permission,
  ownSiteIds: readonly number[] = [],
): SiteVisibility {
  let all = false;
  let published = false;
  const townshipIds = new Set<string>();
  const siteIds = new Set<number>();
  for (const role of effectiveRoles(principal)) {
    if (!role.permissions.includes(permission)) continue;
    switch (role.scope) {
      case 'all':
        all = true;
        break;
      case 'organisation':
        if (principal.organisationId) townshipIds.add(principal.organisationId);
        break;
      case 'enterprise':
      case 'assigned':
        for (const id of ownSiteIds) siteIds.add(id);
        break;
      case 'published':
        published = true;
        break;
    }
  }
  if (all) return ALL_SITES;
  return { all, townshipIds: [...townshipIds], siteIds: [...siteIds], published };
}

/** True when `site` lies within `v` (the same rule the data layer applies in SQL). */
export function siteVisible(
  v: SiteVisibility,
  site: { id: number; kind: string; townshipId: string | null },
): boolean {
  return (
    v.all ||
    (v.published && site.kind === 'air_station') ||
    (site.townshipId !== null && v.townshipIds.includes(site.townshipId)) ||
    v.siteIds.includes(site.id)
  );
}
