import type { Config } from '#config/config.ts';
import { DEFAULT_LIVE_LIMITS, openFileLimit } from '#services/live-stream-limits.ts';
import { logThrottle } from '#services/log-throttle.ts';
import type { Logger } from '#services/logger.ts';
import { DEFAULT_LIMITS } from '../receiver/receiver-options.ts';

/**
 * At start: warn when the caps on live streams and HJ 212 connections together come near the process's limit
 * on open files — reaching it makes both the API and the receiver refuse every new connection (issue 11,
 * finding 5), so the caps must be reached first, with room left for API requests, the database and files.
 */
export function warnIfFewDescriptors(config: Config, log: Logger, limit = openFileLimit()): boolean {
  if (limit === undefined) return false;
  const live = config.liveLimits.maxStreams ?? DEFAULT_LIVE_LIMITS.maxStreams;
  const tcp = config.receiverLimits.maxConnections ?? DEFAULT_LIMITS.maxConnections;
  if (live + tcp <= limit * 0.8) return false;
  log.warn(
    `open-file limit ${limit} is too low for liveLimits.maxStreams ${live} + receiverLimits.maxConnections ${tcp} (keep them under 80 % of it): raise it (ulimit -n, LimitNOFILE=) or lower the caps`,
  );
  return true;
}

/**
 * Keep logging the HTTP server's errors after it listens — accept failing with EMFILE was silent before
 * (issue 11) — at most once a minute with a count, since such an error repeats for every connection attempt.
 */
export function logServerErrors(
  server: { on(event: 'error', listener: (err: Error) => void): unknown },
  log: Logger,
  now: () => number,
): void {
  const shouldLog = logThrottle(now);
  server.on('error', (err) => {
    const count = shouldLog('error');
    if (count === undefined) return;
    log.error(`HTTP server: ${err.message}${count > 1 ? ` (${count - 1} more since the last line)` : ''}`);
  });
}
