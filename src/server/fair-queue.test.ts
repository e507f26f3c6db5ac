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

  it('passes a failing job’s error on and frees its slot', async () => {
    const q = createFairQueue({ concurrency: 1, maxQueued: 2, maxPerKey: 1 });
    await expect(q.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run('a', async () => 'next')).toBe('next');
    expect(q.stats()).toEqual({ running: 0, queued: 0 });
  });
});
