import { describe, expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { msUntilNextRun, startDailyCheckpoints, type Timers } from './daily-checkpoint.ts';

const HOUR = 3_600_000;

/** Timers that only record what was asked, fired by hand. */
function manualTimers() {
  const pending: { run: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    set: (run, ms) => {
      const t = { run, ms, cleared: false };
      pending.push(t);
      return t;
    },
    clear: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  return { timers, pending };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('msUntilNextRun', () => {
  it.each([
    // 21:00 in Beijing → 00:00:05 the next day.
    [Date.UTC(2026, 11, 5, 13, 0, 0), 3 * HOUR + 5_000],
    // 00:00:00 exactly in Beijing → the next midnight, a whole day on.
    [Date.UTC(2026, 11, 4, 16, 0, 0), 24 * HOUR + 5_000],
    // 23:59:59.999 in Beijing.
    [Date.UTC(2026, 11, 5, 15, 59, 59, 999), 5_001],
  ])('at %s is %s ms', (now, ms) => {
    expect(msUntilNextRun(now)).toBe(ms);
  });
});

describe('startDailyCheckpoints', () => {
  it('runs at start, then after each Beijing midnight; a failure is logged and the next day still runs', async () => {
    let now = Date.UTC(2026, 11, 5, 13, 0, 0);
    const { timers, pending } = manualTimers();
    const log = memoryLogger('debug');
    let runs = 0;
    const daily = startDailyCheckpoints({
      run: async () => {
        runs++;
        if (runs === 2) throw new Error('disk full');
      },
      now: () => now,
      log,
      timers,
    });
    await settle();
    expect(runs).toBe(1);
    expect(pending.map((p) => p.ms)).toEqual([3 * HOUR + 5_000]);

    now += 3 * HOUR + 5_000;
    pending[0]?.run();
    await settle();
    expect(runs).toBe(2);
    expect(log.lines.join('\n')).toMatch(/daily checkpoint failed \(next try after midnight\): disk full/);
    expect(pending.map((p) => p.ms)).toEqual([3 * HOUR + 5_000, 24 * HOUR]);

    await daily.stop();
    expect(pending[1]?.cleared).toBe(true);
  });

  it('waits for a run under way when stopped, and schedules nothing after', async () => {
    const { timers, pending } = manualTimers();
    let finish: () => void = () => undefined;
    let finished = false;
    const daily = startDailyCheckpoints({
      run: () =>
        new Promise<void>((resolve) => {
          finish = () => {
            finished = true;
            resolve();
          };
        }),
      now: () => Date.UTC(2026, 11, 5, 13, 0, 0),
      log: memoryLogger('debug'),
      timers,
    });
    const stopped = daily.stop();
    await settle();
    expect(finished).toBe(false);
    finish();
    await stopped;
    expect(finished).toBe(true);
    expect(pending).toEqual([]);
  });
});
