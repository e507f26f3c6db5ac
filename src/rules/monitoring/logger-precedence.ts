/**
 * Which data logger (数采仪) of a site feeds the site's values, and whether the site is online — our rule (issue 12).
 *
 * HJ 212-2017 (§4, 系统构成方式2) lets a site have one or more instruments and independent loggers, each with its
 * own MN, but says nothing on which of several loggers a site's published values come from; HJ 75-2017 does not
 * substitute concentrations from another analyser either. So this is the platform's own rule, stated once here:
 *
 * - A site has one main logger and any number of backups (a backup analyser with its own logger).
 * - Values: the main's value wins. A backup's value fills the site only for a (parameter, period, time) the main
 *   has not delivered, and a later main value replaces it. A backup may correct a value it fed itself.
 * - Online: online while its main is online; while the main is offline (or not heard from) and a backup is online,
 *   online "via the backup" (备用数采仪在线); offline when a logger is offline and none is online; unknown otherwise.
 *
 * Every logger also keeps its own values apart (device_measurements), whatever this rule makes of the site's.
 */

export const LOGGER_ROLES = ['main', 'backup'] as const;
export type LoggerRole = (typeof LOGGER_ROLES)[number];

/** Who fed a stored site value: a logger of some role, or something else (an import, the demo, old data). */
export type ValueFeeder = { kind: 'logger'; mn: string; role: LoggerRole } | { kind: 'other' };

/**
 * May a value from `incoming` replace the stored site value fed by `stored` (undefined: none stored yet)?
 * The receiver applies the same rule in SQL (receiver-batch.repository.ts); this is its statement and its test.
 */
export function mayFeedSite(incoming: { mn: string; role: LoggerRole }, stored?: ValueFeeder): boolean {
  if (stored === undefined) return true;
  if (incoming.role === 'main') return true;
  // A backup only fills gaps, and may revise what it filled itself.
  return stored.kind === 'logger' && stored.mn === incoming.mn;
}

export type LoggerState = 'unknown' | 'online' | 'offline';

export interface SiteLogger {
  mn: string;
  role: LoggerRole;
  state: LoggerState;
  /** Epoch ms of the state's start, when known. */
  since: number | null;
}

export interface SiteOnline {
  state: LoggerState;
  /** When the state began (the main's, or the logger that decided it), when known. */
  since: number | null;
  /** True when the site is online only through a backup logger (备用数采仪在线). */
  viaBackup: boolean;
  /** The logger that decided the state, when any. */
  mn: string | null;
}

/**
 * A site's online state from its enabled loggers. A site without any role 'main' logger treats its loggers as
 * equals (any online logger makes it online), so a site whose only logger is a backup still shows.
 */
export function siteOnline(loggers: readonly SiteLogger[]): SiteOnline {
  if (loggers.length === 0) return { state: 'unknown', since: null, viaBackup: false, mn: null };
  const mains = loggers.filter((l) => l.role === 'main');
  const backups = loggers.filter((l) => l.role === 'backup');
  const onlineMain = mains.find((l) => l.state === 'online');
  if (onlineMain) return { state: 'online', since: onlineMain.since, viaBackup: false, mn: onlineMain.mn };
  const onlineBackup = backups.find((l) => l.state === 'online');
  if (onlineBackup)
    return { state: 'online', since: onlineBackup.since, viaBackup: mains.length > 0, mn: onlineBackup.mn };
  // Nobody online: offline since its last logger went offline (until then some logger still reported).
  let last: SiteLogger | undefined;
  for (const l of loggers) {
    if (l.state !== 'offline') continue;
    if (!last || (l.since ?? 0) > (last.since ?? 0)) last = l;
  }
  if (last) return { state: 'offline', since: last.since, viaBackup: false, mn: last.mn };
  return { state: 'unknown', since: null, viaBackup: false, mn: null };
}

/** The `source` recorded with a value a logger fed: `hj212:<MN>`. */
export function loggerSource(mn: string): string {
  return `hj212:${mn}`;
}

/** The logger MN of a `hj212:<MN>` source, or null for any other source. */
export function loggerOfSource(source: string): string | null {
  return source.startsWith('hj212:') && source.length > 6 ? source.slice(6) : null;
}
