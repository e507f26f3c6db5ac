import type { Permission, RoleDefinition, Scope } from './roles.ts';

/** Who is asking: a signed-in user (or API token) with the roles they hold and the organisation they belong to. */
export interface Principal {
  userId: number;
  username: string;
  roles: readonly RoleDefinition[];
  /** A township's or department's organisation id (GB/T 2260 code for townships); null for district-wide users. */
  organisationId: string | null;
}

/** A user may do what any of their roles allows (roles add up). */
export function can(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((r) => r.permissions.includes(permission));
}

const BREADTH: Record<Scope, number> = { all: 4, organisation: 3, enterprise: 2, assigned: 1, published: 0 };

/**
 * The widest scope among the roles that grant `permission` (a leader who is also a township user reads
 * everything), or undefined when none does.
 */
export function scopeFor(principal: Principal, permission: Permission): Scope | undefined {
  let best: Scope | undefined;
  for (const role of principal.roles) {
    if (!role.permissions.includes(permission)) continue;
    if (best === undefined || BREADTH[role.scope] > BREADTH[best]) best = role.scope;
  }
  return best;
}

/**
 * Which sites a principal may see for `permission`: every site, the sites of its own township (organisation
 * scope), or none. Enterprise and assigned scopes resolve to explicit site lists by the caller's data.
 */
export type SiteScope =
  | { kind: 'all' }
  | { kind: 'townships'; ids: readonly string[] }
  | { kind: 'sites'; ids: readonly number[] }
  | { kind: 'none' };

export function siteScope(
  principal: Principal,
  permission: Permission,
  ownSiteIds: readonly number[] = [],
): SiteScope {
  switch (scopeFor(principal, permission)) {
    case 'all':
      return { kind: 'all' };
    case 'organisation':
      return principal.organisationId
        ? { kind: 'townships', ids: [principal.organisationId] }
        : { kind: 'none' };
    case 'enterprise':
    case 'assigned':
      return { kind: 'sites', ids: ownSiteIds };
    default:
      return { kind: 'none' };
  }
}
