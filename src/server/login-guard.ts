import { availableParallelism } from 'node:os';
import { createFairQueue, type FairQueue, QueueFullError } from './fair-queue.ts';
import { createRateLimiter } from './rate-limit.ts';

/**
 * What stands between a log-in request and its scrypt work: rate limits per client address, per username
 * (whatever the address) and in total, then a small fair queue for the work itself. Guessing random usernames
 * from one address meets the address limit; one username from many addresses meets the username limit; many
 * addresses meet the total limit and the queue, which keeps scrypt to `concurrency` cores and serves addresses
 * in turn. Unknown usernames pass the same gates and do the same work as known ones (no enumeration by timing).
 */
export interface LoginLimits {
  /** Log-in attempts per client address per minute (an office behind one NAT shares it). */
  perAddressPerMinute: number;
  /** Attempts per username per minute, from any address (the lock-out counts only wrong passwords). */
  perUsernamePerMinute: number;
  /** Password checks started per minute in all (counted when a check starts, so refusals cost nothing). */
  totalPerMinute: number;
  /** Password checks (scrypt, ~32 MiB and ~100 ms of a core each) running at once. */
  concurrency: number;
  /** Checks waiting for a turn, in all. */
  maxQueued: number;
  /** Checks waiting or running per client address. */
  maxQueuedPerAddress: number;
  /** The longest a check may expect to wait for its turn (ms); beyond, 503 at once. */
  maxWaitMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddressPerMinute: 60,
  perUsernamePerMinute: 10,
  totalPerMinute: 600,
  // Half the cores: a flood of guesses leaves the others to the receiver and the API.
  concurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
  maxQueued: 32,
  maxQueuedPerAddress: 4,
  maxWaitMs: 2000,
};

/** An address that signed a user in within this time has its checks served first (ms). */
export const TRUSTED_ADDRESS_MS = 24 * 60 * 60_000;
/** Bounds the memory of trusted addresses; beyond, the oldest are forgotten first. */
const MAX_TRUSTED = 10_000;

export type Refusal = {
  ok: false;
  /** 429: this client (address or username) asks too often; 503: the platform as a whole is at its limit. */
  status: 429 | 503;
  retryAfterS: number;
  scope: 'address' | 'username' | 'total' | 'queue';
};

export interface LoginGuard {
  /** Counts one attempt against the per-client rate limits (address first, then username). */
  admit(address: string, username: string): { ok: true } | Refusal;
  /**
   * Seconds to wait when the address is already over its limit, without counting: lets the log-in path answer
   * 429 before reading the body or touching the database, so a refused flood costs as little as possible.
   */
  addressOverLimit(address: string): number | undefined;
  /**
   * Runs the password check in its turn, or answers the refusal: the address's share or the whole queue is
   * full, or the total for the minute is spent (counted when a check starts, so that requests the queue turns
   * away do not use up the total and lock everyone else out).
   */
  check<T>(address: string, work: () => Promise<T>): Promise<{ ok: true; value: T } | Refusal>;
  /**
   * A user signed in from this address: for TRUSTED_ADDRESS_MS its checks go in the queue's priority lane, so
   * a flood of guesses from addresses that never signed anyone in cannot make the office wait. Winning the
   * lane takes a right password; inside it, addresses are still served in turn and rate-limited.
   */
  noteSuccess(address: string): void;
  queue: FairQueue;
}

/** Thrown inside a queued job when the minute's total is spent. */
class TotalSpent extends Error {
  constructor(readonly retryAfterS: number) {
    super('log-in total spent');
  }
}

export function createLoginGuard(limits: LoginLimits, now: () => number): LoginGuard {
  const minute = (limit: number) => createRateLimiter({ limit, windowMs: 60_000, now });
  const perAddress = minute(limits.perAddressPerMinute);
  const perUsername = minute(limits.perUsernamePerMinute);
  const total = minute(limits.totalPerMinute);
  const queue = createFairQueue({
    concurrency: limits.concurrency,
    maxQueued: limits.maxQueued,
    maxPerKey: limits.maxQueuedPerAddress,
    maxWaitMs: limits.maxWaitMs,
  });
  const trusted = new Map<string, number>();
  const isTrusted = (address: string) => {
    const at = trusted.get(address);
    return at !== undefined && now() - at < TRUSTED_ADDRESS_MS;
  };
  return {
    admit(address, username) {
      // Later limits count only what the earlier ones let through, so refused floods do not eat others' share.
      const byAddress = perAddress.hit(address);
      if (!byAddress.ok)
        return { ok: false, status: 429, retryAfterS: byAddress.retryAfterS, scope: 'address' };
      const byName = perUsername.hit(username.trim().toLowerCase());
      if (!byName.ok) return { ok: false, status: 429, retryAfterS: byName.retryAfterS, scope: 'username' };
      return { ok: true };
    },
    addressOverLimit: (address) => perAddress.overLimit(address),
    async check(address, work) {
      try {
        const value = await queue.run(
          address,
          () => {
            const overall = total.hit('all');
            if (!overall.ok) throw new TotalSpent(overall.retryAfterS);
            return work();
          },
          { priority: isTrusted(address) },
        );
        return { ok: true, value };
      } catch (error) {
        if (error instanceof TotalSpent) {
          return { ok: false, status: 503, retryAfterS: error.retryAfterS, scope: 'total' };
        }
        if (!(error instanceof QueueFullError)) throw error;
        return {
          ok: false,
          status: error.scope === 'key' ? 429 : 503,
          retryAfterS: error.retryAfterS,
          scope: 'queue',
        };
      }
    },
    noteSuccess(address) {
      trusted.delete(address);
      trusted.set(address, now());
      // Map order is insertion order: the first entries are the least recently trusted.
      for (const key of trusted.keys()) {
        if (trusted.size <= MAX_TRUSTED) break;
        trusted.delete(key);
      }
    },
    queue,
  };
}
