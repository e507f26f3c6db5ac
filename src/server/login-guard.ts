import { availableParallelism } from 'node:os';
import { createFairQueue, type FairQueue } from './fair-queue.ts';
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
  /** Attempts admitted to password checking per minute in all. */
  totalPerMinute: number;
  /** Password checks (scrypt, ~32 MiB and ~100 ms of a core each) running at once. */
  concurrency: number;
  /** Checks waiting for a turn, in all. */
  maxQueued: number;
  /** Checks waiting or running per client address. */
  maxQueuedPerAddress: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAddressPerMinute: 60,
  perUsernamePerMinute: 10,
  totalPerMinute: 600,
  // Half the cores: a flood of guesses leaves the others to the receiver and the API.
  concurrency: Math.max(1, Math.floor(availableParallelism() / 2)),
  maxQueued: 64,
  maxQueuedPerAddress: 4,
};

export type Refusal = {
  ok: false;
  /** 429: this client (address or username) asks too often; 503: the platform as a whole is at its limit. */
  status: 429 | 503;
  retryAfterS: number;
  scope: 'address' | 'username' | 'total' | 'queue';
};

export interface LoginGuard {
  /** Counts one attempt against the rate limits (address first, then username, then total). */
  admit(address: string, username: string): { ok: true } | Refusal;
  /** Runs the password check in its turn; refuses when the address's share or the whole queue is full. */
  queue: FairQueue;
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
  });
  return {
    admit(address, username) {
      // Later limits count only what the earlier ones let through, so refused floods do not eat others' share.
      const byAddress = perAddress.hit(address);
      if (!byAddress.ok)
        return { ok: false, status: 429, retryAfterS: byAddress.retryAfterS, scope: 'address' };
      const byName = perUsername.hit(username.trim().toLowerCase());
      if (!byName.ok) return { ok: false, status: 429, retryAfterS: byName.retryAfterS, scope: 'username' };
      const overall = total.hit('all');
      if (!overall.ok) return { ok: false, status: 503, retryAfterS: overall.retryAfterS, scope: 'total' };
      return { ok: true };
    },
    queue,
  };
}

/**
 * Says a limit was reached at most once a minute per scope (with how many refusals since), so a flood does not
 * become a flood of log lines.
 */
export function refusalLog(now: () => number): (scope: string) => number | undefined {
  const last = new Map<string, { at: number; count: number }>();
  return (scope) => {
    const at = now();
    const entry = last.get(scope);
    if (entry && at - entry.at < 60_000) {
      entry.count += 1;
      return undefined;
    }
    last.set(scope, { at, count: 0 });
    return (entry?.count ?? 0) + 1;
  };
}
