import { describe, expect, it } from 'vitest';
import { countMeasurements } from '#store/measurements.repository.ts';
import { memoryLogger } from '../services/logger.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { expectedValues, HOUR, shanghai, useMemoryDb } from './demo-test-support.ts';
import { startLiveFeed } from './live-feed.ts';
import { seedDemo } from './seed-demo.ts';

describe('demo live feed', () => {
  const current = useMemoryDb();
  const start = shanghai(2025, 11, 3, 9, 20);
  const lastSeeded = shanghai(2025, 11, 3, 8);

  function feed(clock: () => number) {
    const log = memoryLogger();
    const live = startLiveFeed(current().db, { clock, log, immediate: false, intervalMs: HOUR });
    return { live, log };
  }

  it('adds exactly the newly completed hours, once', async () => {
    const { db } = current();
    await seedDemo(db, { now: start, days: 1 });
    const seeded = await countMeasurements(db, EVERY_SITE);
    let now = start;
    const { live } = feed(() => now);
    try {
      expect(await live.tick()).toBe(0); // 08:00–09:00 is already stored; 09:00–10:00 has not ended

      now = shanghai(2025, 11, 3, 9, 59, 59);
      expect(await live.tick()).toBe(0);

      now = shanghai(2025, 11, 3, 10, 0, 1);
      const added = await live.tick();
      expect(added).toBe(expectedValues(lastSeeded + HOUR, lastSeeded + HOUR));
      expect(await countMeasurements(db, EVERY_SITE)).toBe(seeded + added);
      expect(await live.tick()).toBe(0);
    } finally {
      await live.stop();
    }
  });

  it('catches up every hour missed while the process was down', async () => {
    const { db } = current();
    await seedDemo(db, { now: start, days: 1 });
    const seeded = await countMeasurements(db, EVERY_SITE);
    let now = start + 30 * HOUR; // 30 hours later: 2025-11-04 15:20
    const { live, log } = feed(() => now);
    try {
      const added = await live.tick();
      const to = shanghai(2025, 11, 4, 14);
      expect(added).toBe(expectedValues(lastSeeded + HOUR, to));
      expect(await countMeasurements(db, EVERY_SITE)).toBe(seeded + added);
      expect(log.lines.some((l) => l.includes('caught up 30 hours'))).toBe(true);
      now += HOUR;
      expect(await live.tick()).toBe(expectedValues(to + HOUR, to + HOUR));
    } finally {
      await live.stop();
    }
  });

  it('does not overlap ticks: concurrent calls write each hour once', async () => {
    const { db } = current();
    await seedDemo(db, { now: start, days: 0 });
    const seeded = await countMeasurements(db, EVERY_SITE);
    const now = start + 5 * HOUR;
    const { live } = feed(() => now);
    try {
      const results = await Promise.all([live.tick(), live.tick(), live.tick()]);
      expect(results[0]).toBe(expectedValues(lastSeeded + HOUR, lastSeeded + 5 * HOUR));
      expect(results.slice(1)).toEqual([0, 0]);
      expect(await countMeasurements(db, EVERY_SITE)).toBe(seeded + (results[0] ?? 0));
    } finally {
      await live.stop();
    }
  });

  it('logs a failing tick and retries on the next one', async () => {
    const { db } = current();
    await seedDemo(db, { now: start, days: 0 });
    let fail = true;
    const clock = () => {
      if (fail) throw new Error('clock unavailable');
      return start + HOUR;
    };
    const { live, log } = feed(clock);
    try {
      await expect(live.tick()).rejects.toThrow('clock unavailable');
      expect(log.lines.some((l) => l.includes('ERROR') && l.includes('clock unavailable'))).toBe(true);
      fail = false;
      expect(await live.tick()).toBe(expectedValues(lastSeeded + HOUR, lastSeeded + HOUR));
    } finally {
      await live.stop();
    }
  });

  it('runs on its own timer and stops cleanly', async () => {
    const { db } = current();
    await seedDemo(db, { now: start, days: 0 });
    const seeded = await countMeasurements(db, EVERY_SITE);
    const log = memoryLogger();
    const live = startLiveFeed(db, { clock: () => start + 2 * HOUR, log, intervalMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await live.stop();
    expect(await countMeasurements(db, EVERY_SITE)).toBe(
      seeded + expectedValues(lastSeeded + HOUR, lastSeeded + 2 * HOUR),
    );
    const after = await countMeasurements(db, EVERY_SITE);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await countMeasurements(db, EVERY_SITE)).toBe(after);
  });

  it('warns when no sample station is stored', async () => {
    const log = memoryLogger();
    const live = startLiveFeed(current().db, { clock: () => start, log, immediate: false });
    expect(await live.tick()).toBe(0);
    await live.stop();
    expect(log.lines.some((l) => l.includes('WARN') && l.includes('seed'))).toBe(true);
  });
});
