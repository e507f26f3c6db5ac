import { readFileSync } from 'node:fs';
import { logThrottle } from './log-throttle.ts';
import type { Logger } from './logger.ts';

/**
 * Caps on /api/live event streams (issue 11, finding 5). Each stream holds a socket (a file descriptor) for as
 * long as the client likes, and the route is public: uncapped, ~19,900 streams exhausted the process's
 * descriptors and both the API and the HJ 212 receiver refused connections. Beyond the cap of one address a
 * stream gets 429, beyond the total 503; each cap reached is logged, at most once per period with a count.
 */
export interface LiveStreamLimits {
  /** Streams in total: well below the process's descriptor limit (which the receiver shares). */
  maxStreams: number;
  /** Streams from one client address (an office behind one NAT shares it: one per open dashboard tab). */
  maxStreamsPerAddress: number;
  /** A cap's warning is logged at most once per this period. */
  logEveryMs: number;
}

export const DEFAULT_LIVE_LIMITS: Readonly<LiveStreamLimits> = {
  maxStreams: 1000,
  maxStreamsPerAddress: 20,
  logEveryMs: 60_000,
};

export type StreamAdmission =
  | { ok: true; release: () => void }
  | { ok: false; status: 429 | 503; code: string; message: string };

export interface LiveStreamGate {
  admit(address: string): StreamAdmission;
  readonly open: number;
}

export function createLiveStreamGate(
  limits: Partial<LiveStreamLimits>,
  log: Logger,
  now: () => number,
): LiveStreamGate {
  const { maxStreams, maxStreamsPerAddress, logEveryMs } = { ...DEFAULT_LIVE_LIMITS, ...limits };
  const byAddress = new Map<string, number>();
  let open = 0;
  // Kinds are the two caps (never an address).
  const shouldWarn = logThrottle(now, logEveryMs);
  const warn = (kind: string, message: string) => {
    const count = shouldWarn(kind);
    if (count === undefined) return;
    log.warn(`${message}${count > 1 ? ` (refused ${count - 1} more since the last warning)` : ''}`);
  };

  return {
    admit(address) {
      const mine = byAddress.get(address) ?? 0;
      if (open >= maxStreams) {
        warn('total', `live stream limit ${maxStreams} reached: refusing ${address} (503)`);
        return {
          ok: false,
          status: 503,
          code: 'live_busy',
          message: `实时推送连接已满，请稍后再试 / too many live streams (${maxStreams}), try again later`,
        };
      }
      if (mine >= maxStreamsPerAddress) {
        warn(
          'per-address',
          `live stream limit ${maxStreamsPerAddress} per address reached by ${address} (429)`,
        );
        return {
          ok: false,
          status: 429,
          code: 'too_many_streams',
          message: `此地址的实时推送连接过多 / too many live streams from this address (limit ${maxStreamsPerAddress})`,
        };
      }
      byAddress.set(address, mine + 1);
      open++;
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          open--;
          const n = (byAddress.get(address) ?? 1) - 1;
          if (n <= 0) byAddress.delete(address);
          else byAddress.set(address, n);
        },
      };
    },
    get open() {
      return open;
    },
  };
}

/** The process's soft limit on open files (Linux /proc), or undefined where it cannot be read. */
export function openFileLimit(
  read: () => string = () => readFileSync('/proc/self/limits', 'utf8'),
): number | undefined {
  try {
    const line = read()
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    const n = Number(soft);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}
