import { type Principal, type SiteVisibility, siteVisibility } from './principal.ts';
import type { Permission } from './roles.ts';

/** Only this module can write the brand, so a Jurisdiction is always made by one of the two functions below. */
declare const made: unique symbol;

/**
 * The sites a query may return data of (issue 14: "jurisdiction is a required argument of every query that returns
 * per-site data; forgetting it is a type error, not a leak"): every site, the sites of some townships and these
 * site ids, and/or the published air stations. Every store and service function that returns per-site data takes
 * one as a required argument and applies it inside its query (src/store/site-visibility.ts). It can be made only
 * from a principal (`Jurisdiction.of`) or, for internal jobs and the command line, by the greppable
 * `Jurisdiction.system(why)`; a plain SiteVisibility object does not type-check where a Jurisdiction is asked.
 */
export type Jurisdiction = SiteVisibility & {
  readonly [made]: true;
  /** Where it came from, for logs and tests: `user:<name>:<permission>` or `system:<why>`. */
  readonly basis: string;
};

function brand(v: SiteVisibility, basis: string): Jurisdiction {
  return Object.freeze({ ...v, basis }) as Jurisdiction;
}

export const Jurisdiction = {
  /**
   * What `principal` may see for `permission`: the union over the roles that grant it (siteVisibility). `siteIds`
   * are the caller's own sites (user_sites) for enterprise and assigned scopes. The one way from a caller to a
   * Jurisdiction.
   */
  of(principal: Principal & { siteIds?: readonly number[] }, permission: Permission): Jurisdiction {
    return brand(
      siteVisibility(principal, permission, principal.siteIds ?? []),
      `user:${principal.username}:${permission}`,
    );
  },
  /**
   * Every site, for work done by the platform itself (the command line, the receiver, jobs, a cache shared by
   * every caller that each caller then narrows). `why` says which, and `Jurisdiction.system(` is what to grep for
   * when auditing who reads everything.
   */
  system(why: string): Jurisdiction {
    return brand({ all: true, townshipIds: [], siteIds: [], published: true }, `system:${why}`);
  },
} as const;
