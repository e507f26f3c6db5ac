/**
 * A fixed-window rate limit kept in memory, per key (for log-in: client address + username). Enough for one
 * process; a cluster behind a balancer would need a shared store. The clock is injected so tests can move time.
 */
export interface RateLimiter {
  /** Counts one attempt; `ok: false` with the seconds until the window ends once `limit` is exceeded. */
  hit(key: string): { ok: true } | { ok: false; retryAfterS: number };
  /** Without counting: the seconds to wait when `key` is already over its limit in this window, else undefined. */
  overLimit(key: string): number | undefined;
}

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  now: () => number;
  /** Bounds memory under a flood of distinct keys: beyond this, finished windows are dropped first. */
  maxKeys?: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { limit, windowMs, now } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();

  const prune = (at: number) => {
    for (const [key, w] of windows) if (at - w.start >= windowMs) windows.delete(key);
    // Still too many live keys: forget the oldest (Map keeps insertion order) rather than grow without bound.
    for (const key of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(key);
    }
  };

  const retryAfter = (w: { start: number }, at: number) =>
    Math.max(1, Math.ceil((w.start + windowMs - at) / 1000));

  return {
    overLimit(key) {
      const at = now();
      const w = windows.get(key);
      return w && at - w.start < windowMs && w.count > limit ? retryAfter(w, at) : undefined;
    },
    hit(key) {
      const at = now();
      let w = windows.get(key);
      if (!w || at - w.start >= windowMs) {
        if (!w && windows.size >= maxKeys) prune(at);
        w = { start: at, count: 0 };
        windows.delete(key);
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count <= limit) return { ok: true };
      return { ok: false, retryAfterS: retryAfter(w, at) };
    },
  };
}
