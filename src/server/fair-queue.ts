/**
 * A bounded work queue with a small concurrency limit, served round-robin across keys (client addresses), so
 * one address that floods cannot starve another: with concurrency k, a new key's job waits for at most one job
 * of every other waiting key. Used for log-in, whose scrypt work (32 MiB, ~100 ms of a core each) would
 * otherwise take every core under a flood of guesses. In memory, per process; the rate limits in front of it
 * are what bound the work of a cluster.
 */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor(
    /** `key`: this key already has its share waiting; `total`: the whole queue is full. */
    readonly scope: 'key' | 'total',
    readonly retryAfterS: number,
  ) {
    super(`queue full (${scope})`);
  }
}

export interface FairQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs waiting (not running) in all, beyond which run() refuses with scope 'total'. */
  maxQueued: number;
  /** Jobs waiting or running per key, beyond which run() refuses with scope 'key'. */
  maxPerKey: number;
  /** What one job is expected to take (ms), for the Retry-After estimate only. */
  jobMsEstimate?: number;
}

export interface FairQueue {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** For logs and tests: jobs running and waiting. */
  stats(): { running: number; queued: number };
}

export function createFairQueue(options: FairQueueOptions): FairQueue {
  const { concurrency, maxQueued, maxPerKey } = options;
  const jobMs = options.jobMsEstimate ?? 100;
  /** Waiting jobs per key, in arrival order of the keys. */
  const waiting = new Map<string, Array<() => void>>();
  /** Jobs waiting or running per key (absent = none). */
  const perKey = new Map<string, number>();
  /** When each key (with jobs waiting or running) last had a job started: the least recently served goes next. */
  const lastServed = new Map<string, number>();
  let serial = 0;
  let running = 0;
  let queued = 0;

  const retryAfter = () => Math.max(1, Math.ceil(((queued + running) * jobMs) / concurrency / 1000));

  const startNext = () => {
    while (running < concurrency && waiting.size > 0) {
      // A linear scan: at most maxQueued keys wait, and each start costs a scrypt anyway.
      let key: string | undefined;
      let best = Number.POSITIVE_INFINITY;
      for (const k of waiting.keys()) {
        const turn = lastServed.get(k) ?? 0;
        if (turn < best) [key, best] = [k, turn];
      }
      const jobs = key === undefined ? undefined : waiting.get(key);
      const start = jobs?.shift();
      if (key === undefined || !jobs || !start) return;
      if (jobs.length === 0) waiting.delete(key);
      lastServed.set(key, ++serial);
      queued -= 1;
      running += 1;
      start();
    }
  };

  const release = (key: string) => {
    running -= 1;
    const left = (perKey.get(key) ?? 1) - 1;
    if (left > 0) perKey.set(key, left);
    else {
      perKey.delete(key);
      lastServed.delete(key);
    }
    startNext();
  };

  return {
    run(key, work) {
      if ((perKey.get(key) ?? 0) >= maxPerKey) return Promise.reject(new QueueFullError('key', retryAfter()));
      if (running >= concurrency && queued >= maxQueued) {
        return Promise.reject(new QueueFullError('total', retryAfter()));
      }
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      return new Promise((resolve, reject) => {
        const start = () => {
          // The slot is freed before the caller hears back, so what the caller does next sees it free.
          work().then(
            (value) => {
              release(key);
              resolve(value);
            },
            (error: unknown) => {
              release(key);
              reject(error);
            },
          );
        };
        const jobs = waiting.get(key);
        if (jobs) jobs.push(start);
        else waiting.set(key, [start]);
        queued += 1;
        startNext();
      });
    },
    stats: () => ({ running, queued }),
  };
}
