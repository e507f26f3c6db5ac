import { describe, expect, it } from 'vitest';
import { createFairQueue, QueueFullError } from './fair-queue.ts';

/** A job the test finishes by hand, noting the order in which jobs start. */
function harness() {
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const job = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finishers.push(() => resolve(name));
    });
  const finishOne = async () => {
    finishers.shift()?.();
    // Let the queue's .finally and the next job's start run.
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };
  return { started, job, finishOne };
}

describe('fair queue', () => {
  it('runs at most `concurrency` jobs at once', async () => {
    const q = createFairQueue({ concurrency: 2, maxQueued: 10, maxPerKey: 10 });
    const h = harness();
    const done = ['a1', 'a2', 'a3', 'a4'].map((n) => q.run('a', h.job(n)));
    expect(h.started).toEqual(['a1', 'a2']);
    expect(q.stats()).toEqual({ running: 2, queued: 2 });
    await h.finishOne();
    expect(h.started).toEqual(['a1', 'a2', 'a3']);
    while (h.started.length < 4 || q.stats().running > 0) await h.finishOne();
    expect(await Promise.all(done)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('serves addresses in turn: a flooding address does not starve one that asks once', async () => {
    const q = createFairQueue({ concurrency: 1, maxQueued: 20, maxPerKey: 10 });
    const h = harness();
    const all = [1, 2, 3, 4, 5, 6].map((i) => q.run('flood', h.job(`f${i}`)));
    all.push(q.run('real', h.job('real')));
    all.push(q.run('other', h.job('o1')), q.run('other', h.job('o2')));
    while (h.started.length < 9 || q.stats().running > 0) await h.finishOne();
    await Promise.all(all);
    // f1 was running when the others arrived; then the address served least recently goes next.
    expect(h.started).toEqual(['f1', 'real', 'o1', 'f2', 'o2', 'f3', 'f4', 'f5', 'f6']);
  });

  it('refuses beyond the per-address share and beyond the whole queue, with a Retry-After', async () => {
    const q = createFairQueue({ concurrency: 1, maxQueued: 2, maxPerKey: 2, jobMsEstimate: 1000 });
    const h = harness();
    const accepted = [q.run('a', h.job('a1')), q.run('a', h.job('a2'))];
    await expect(q.run('a', h.job('a3'))).rejects.toMatchObject({ scope: 'key' });
    accepted.push(q.run('b', h.job('b1')));
    const full = await q.run('c', h.job('c1')).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(QueueFullError);
    expect(full).toMatchObject({ scope: 'total', retryAfterS: 3 });
    while (q.stats().running > 0) await h.finishOne();
    expect(await Promise.all(accepted)).toEqual(['a1', 'a2', 'b1']);
    expect(h.started).toEqual(['a1', 'b1', 'a2']);
  });

  it('serves the priority lane first, round-robin within it', async () => {
    const q = createFairQueue({ concurrency: 1, maxQueued: 10, maxPerKey: 10 });
    const h = harness();
    const all = ['f1', 'f2', 'f3'].map((n) => q.run('flood', h.job(n)));
    all.push(q.run('g', h.job('g1')));
    all.push(
      q.run('known', h.job('k1'), { priority: true }),
      q.run('known', h.job('k2'), { priority: true }),
    );
    all.push(q.run('known2', h.job('m1'), { priority: true }));
    // Its own slot: the first priority job starts without waiting for the running normal one.
    expect(h.started).toEqual(['f1', 'k1']);
    while (h.started.length < 7 || q.stats().running > 0) await h.finishOne();
    await Promise.all(all);
    expect(h.started).toEqual(['f1', 'k1', 'm1', 'k2', 'g1', 'f2', 'f3']);
  });

  it('refuses a job that would wait longer than maxWaitMs, per lane', async () => {
    const q = createFairQueue({
      concurrency: 1,
      maxQueued: 100,
      maxPerKey: 100,
      maxWaitMs: 2500,
      jobMsEstimate: 1000,
      now: () => 0,
    });
    const h = harness();
    const accepted = [q.run('a', h.job('a1')), q.run('b', h.job('b1')), q.run('c', h.job('c1'))];
    // Two wait behind one running: a fourth would wait 3 s.
    await expect(q.run('d', h.job('d1'))).rejects.toMatchObject({ scope: 'total', retryAfterS: 3 });
    // The priority lane waits only behind the running job.
    accepted.push(q.run('e', h.job('e1'), { priority: true }));
    while (h.started.length < 4 || q.stats().running > 0) await h.finishOne();
    await Promise.all(accepted);
    expect(h.started).toEqual(['a1', 'e1', 'b1', 'c1']);
  });

  it('passes a failing job’s error on and frees its slot', async () => {
    const q = createFairQueue({ concurrency: 1, maxQueued: 2, maxPerKey: 1 });
    await expect(q.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      q.run('a', () => {
        throw new Error('thrown');
      }),
    ).rejects.toThrow('thrown');
    expect(await q.run('a', async () => 'next')).toBe('next');
    expect(q.stats()).toEqual({ running: 0, queued: 0 });
  });
});
