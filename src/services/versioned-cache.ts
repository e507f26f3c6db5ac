/**
 * One value recomputed when its key (e.g. today's date and the data version) changes, served stale while the
 * new one is computed, so a slow computation never stands between a user and the page once it has run once.
 * Concurrent requests for the same key share one computation.
 */
export interface VersionedCache<T> {
  get(key: string): Promise<T>;
  /** Compute for this key now unless it is cached or being computed (warm-up). */
  refresh(key: string): Promise<T>;
}

export interface VersionedCacheOptions {
  /** Recompute after this long even when the key is unchanged (late corrections of old data). */
  maxAgeMs: number;
  clock: () => number;
  onError: (error: unknown) => void;
}

export function versionedCache<T>(compute: () => Promise<T>, opts: VersionedCacheOptions): VersionedCache<T> {
  let entry: { key: string; value: T; at: number } | undefined;
  let pending: { key: string; promise: Promise<T> } | undefined;

  const fresh = (key: string) =>
    entry !== undefined && entry.key === key && opts.clock() - entry.at < opts.maxAgeMs;

  const refresh = (key: string): Promise<T> => {
    if (entry && fresh(key)) return Promise.resolve(entry.value);
    if (pending?.key === key) return pending.promise;
    const promise = compute().then((value) => {
      entry = { key, value, at: opts.clock() };
      return value;
    });
    const mine = { key, promise };
    pending = mine;
    promise.then(
      () => {
        if (pending === mine) pending = undefined;
      },
      () => {
        if (pending === mine) pending = undefined;
      },
    );
    return promise;
  };

  return {
    refresh,
    get(key) {
      if (entry && fresh(key)) return Promise.resolve(entry.value);
      const next = refresh(key);
      if (!entry) return next;
      next.catch(opts.onError);
      return Promise.resolve(entry.value);
    },
  };
}
