/**
 * A bounded work queue with a small concurrency limit, served round-robin across keys (client addresses), so
 * one address that floods cannot starve another: with concurrency k, a new key's job waits for at most one job
 * of every other waiting key. Two lanes: `priority` jobs (for log-in: from addresses that recently signed a
 * user in) are all served before the others, round-robin among themselves, and have one slot of their own
 * beyond `concurrency`, so they never wait for a job of the other lane to finish. Each lane refuses a job that would
 * wait longer than `maxWaitMs` (estimated from the measured job time) or beyond `maxQueued` jobs, so a flood
 * is answered at once rather than queued for tens of seconds. Used for log-in, whose scrypt work (32 MiB,
 * ~100 ms of a core each) would otherwise take every core under a flood of guesses. In memory, per process.
 */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor(
    /** `key`: this key already has its share waiting; `total`: its lane is full. */
    readonly scope: 'key' | 'total',
    readonly retryAfterS: number,
  ) {
    super(`queue full (${scope})`);
  }
}

export interface FairQueueOptions {
  /** Jobs running at once (priority jobs may use one more slot). */
  concurrency: number;
  /** Jobs waiting (not running) per lane, beyond which run() refuses with scope 'total'. */
  maxQueued: number;
  /** Jobs waiting or running per key, beyond which run() refuses with scope 'key'. */
  maxPerKey: number;
  /** The longest a new job may expect to wait (ms), beyond which run() refuses with scope 'total'. */
  maxWaitMs?: number;
  /** What one job takes (ms) until measured; then a moving average of measured jobs. */
  jobMsEstimate?: number;
  /** Clock for measuring jobs (default performance.now). */
  now?: () => number;
}

export interface FairQueue {
  run<T>(key: string, work: () => Promise<T>, options?: { priority?: boolean }): Promise<T>;
  /** For logs and tests: jobs running and waiting (both lanes). */
  stats(): { running: number; queued: number };
}

interface Lane {
  /** Waiting jobs per key, in arrival order of the keys; each is started with whether it is of the normal lane. */
  waiting: Map<string, Array<(normal: boolean) => void>>;
  queued: number;
}

export function createFairQueue(options: FairQueueOptions): FairQueue {
  const { concurrency, maxQueued, maxPerKey } = options;
  const maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
  const clock = options.now ?? (() => performance.now());
  let jobMs = options.jobMsEstimate ?? 100;
  const lanes: [Lane, Lane] = [
    { waiting: new Map(), queued: 0 },
    { waiting: new Map(), queued: 0 },
  ];
  /** Jobs waiting or running per key (absent = none). */
  const perKey = new Map<string, number>();
  /** When each key (with jobs waiting or running) last had a job started: the least recently served goes next. */
  const lastServed = new Map<string, number>();
  let serial = 0;
  let running = 0;
  /** Of which from the normal lane: they may hold `concurrency` slots, priority jobs one more. */
  let runningNormal = 0;

  const waitMs = (ahead: number) =>
    (Math.floor(ahead / concurrency) + (running >= concurrency ? 1 : 0)) * jobMs;
  // Until what is queued now has run: by then there is room again.
  const retryAfter = (ahead: number) => Math.max(1, Math.ceil(waitMs(ahead) / 1000));

  const startNext = () => {
    for (;;) {
      const [priority, normal] = lanes;
      const lane =
        priority.queued > 0 && running < concurrency + 1
          ? priority
          : normal.queued > 0 && running < concurrency && runningNormal < concurrency
            ? normal
            : undefined;
      if (!lane) return;
      // A linear scan: few keys wait (maxQueued), and each start costs a scrypt anyway.
      let key: string | undefined;
      let best = Number.POSITIVE_INFINITY;
      for (const k of lane.waiting.keys()) {
        const turn = lastServed.get(k) ?? 0;
        if (turn < best) [key, best] = [k, turn];
      }
      const jobs = key === undefined ? undefined : lane.waiting.get(key);
      const start = jobs?.shift();
      if (key === undefined || !jobs || !start) return;
      if (jobs.length === 0) lane.waiting.delete(key);
      lastServed.set(key, ++serial);
      lane.queued -= 1;
      running += 1;
      if (lane === normal) runningNormal += 1;
      start(lane === normal);
    }
  };

  const release = (key: string, startedAt: number, normal: boolean) => {
    running -= 1;
    if (normal) runningNormal -= 1;
    // An exponential moving average: the Retry-After and the wait bound follow how fast checks run now.
    jobMs = 0.8 * jobMs + 0.2 * Math.max(0, clock() - startedAt);
    const left = (perKey.get(key) ?? 1) - 1;
    if (left > 0) perKey.set(key, left);
    else {
      perKey.delete(key);
      lastServed.delete(key);
    }
    startNext();
  };

  return {
    run(key, work, runOptions = {}) {
      const lane = lanes[runOptions.priority ? 0 : 1];
      const ahead = lanes[0].queued + (lane === lanes[1] ? lane.queued : 0);
      if ((perKey.get(key) ?? 0) >= maxPerKey) {
        return Promise.reject(new QueueFullError('key', retryAfter(ahead)));
      }
      if (running >= concurrency && (lane.queued >= maxQueued || waitMs(ahead) > maxWaitMs)) {
        return Promise.reject(new QueueFullError('total', retryAfter(ahead)));
      }
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      return new Promise((resolve, reject) => {
        const start = (normal: boolean) => {
          const startedAt = clock();
          // The slot is freed before the caller hears back, so what the caller does next sees it free.
          // A job that throws instead of rejecting must free its slot too.
          let job: Promise<unknown>;
          try {
            job = work();
          } catch (error) {
            job = Promise.reject(error);
          }
          job.then(
            (value) => {
              release(key, startedAt, normal);
              resolve(value as Awaited<ReturnType<typeof work>>);
            },
            (error: unknown) => {
              release(key, startedAt, normal);
              reject(error);
            },
          );
        };
        const jobs = lane.waiting.get(key);
        if (jobs) jobs.push(start);
        else lane.waiting.set(key, [start]);
        lane.queued += 1;
        startNext();
      });
    },
    stats: () => ({ running, queued: lanes[0].queued + lanes[1].queued }),
  };
}
