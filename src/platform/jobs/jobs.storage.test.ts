import { expect, it, vi } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { listSchedules } from '#store/job-schedules.repository.ts';
import { findJob, findJobByKey } from '#store/jobs.repository.ts';
import { openDb } from '#store/open-db.ts';
import { forEachEngine, TEST_PG_URL } from '#store/test-engines.ts';
import { cancelJob, defineSchedule, listJobs, retryJob, scheduleJob } from './jobs.ts';
import { createJobWorker, type Job, type JobHandler } from './worker.ts';

const at = (iso: string) => Date.parse(iso);

/** A clock the test moves by hand. */
function fakeClock(start: number) {
  let t = start;
  return {
    now: () => t,
    set(to: number) {
      t = to;
    },
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A handler that records what it ran. */
function recorder(fail?: (job: Job) => string | undefined): JobHandler & { ran: Job[] } {
  const ran: Job[] = [];
  return {
    ran,
    async run(job) {
      ran.push(job);
      const error = fail?.(job);
      if (error) throw new Error(error);
    },
  };
}

forEachEngine('durable jobs', (current) => {
  const T0 = at('2026-12-05T02:00:00Z');

  it('a one-shot timer fires at its time, not before, and once', async () => {
    const { db } = current();
    const clock = fakeClock(T0);
    const timer = recorder();
    const worker = createJobWorker({
      db,
      log: memoryLogger(),
      nodeId: 'n1',
      now: clock.now,
      handlers: { timer },
    });
    const id = await scheduleJob(db, { kind: 'timer', runAt: T0 + 60_000, payload: { case: 7 } }, T0);
    clock.set(T0 + 59_999);
    expect(await worker.runDue()).toMatchObject({ succeeded: 0 });
    expect(timer.ran).toHaveLength(0);
    clock.set(T0 + 60_000);
    expect(await worker.runDue()).toMatchObject({ succeeded: 1 });
    expect(timer.ran.map((j) => [j.id, j.payload, j.attempt])).toEqual([[id, { case: 7 }, 1]]);
    clock.advance(3_600_000);
    await worker.runDue();
    expect(timer.ran).toHaveLength(1);
    expect(await findJob(db, id as number)).toMatchObject({ state: 'succeeded', finished_at: T0 + 60_000 });
  });

  it('the same key makes no second job', async () => {
    const { db } = current();
    const first = await scheduleJob(db, { kind: 'deadline', runAt: T0, key: 'case:1:deadline' }, T0);
    const again = await scheduleJob(db, { kind: 'deadline', runAt: T0 + 5, key: 'case:1:deadline' }, T0);
    expect(first).toBeTypeOf('number');
    expect(again).toBeUndefined();
    expect((await listJobs(db)).total).toBe(1);
    expect(await findJobByKey(db, 'case:1:deadline')).toMatchObject({ run_at: T0 });
  });

  it('a cron schedule fires at 00:05 Beijing, once, and moves to the next day, across the month end', async () => {
    const { db } = current();
    const clock = fakeClock(at('2026-11-30T16:04:00Z')); // 00:04 on 12-01 in Beijing
    const daily = recorder();
    const worker = createJobWorker({
      db,
      log: memoryLogger(),
      nodeId: 'n1',
      now: clock.now,
      handlers: { daily },
    });
    const s = await defineSchedule(db, { name: 'daily', kind: 'daily', cron: '5 0 * * *' }, clock.now());
    expect(s.next_run_at).toBe(at('2026-11-30T16:05:00Z'));
    // Defined again at start by another node: unchanged, so its next run stays.
    clock.advance(30_000);
    expect(
      (await defineSchedule(db, { name: 'daily', kind: 'daily', cron: '5 0 * * *' }, clock.now()))
        .next_run_at,
    ).toBe(at('2026-11-30T16:05:00Z'));
    await worker.runDue();
    expect(daily.ran).toHaveLength(0);
    clock.set(at('2026-11-30T16:05:00Z'));
    expect(await worker.runDue()).toMatchObject({ occurrences: 1, succeeded: 1 });
    expect(daily.ran[0]).toMatchObject({ schedule: 'daily', runAt: at('2026-11-30T16:05:00Z') });
    expect((await listSchedules(db))[0]?.next_run_at).toBe(at('2026-12-01T16:05:00Z'));
    await worker.runDue();
    expect(daily.ran).toHaveLength(1);
  });

  it('a timer and a schedule that fell due while every node was down fire once on restart', async () => {
    const { db } = current();
    const clock = fakeClock(at('2026-12-01T00:00:00Z'));
    await defineSchedule(db, { name: 'daily', kind: 'daily', cron: '5 0 * * *' }, clock.now());
    await defineSchedule(db, { name: 'hourly', kind: 'sweep', everyMs: 3_600_000 }, clock.now());
    await scheduleJob(
      db,
      { kind: 'timer', runAt: at('2026-12-02T00:00:00Z'), key: 'deadline:1' },
      clock.now(),
    );
    // Nothing ran for four days; then one node starts.
    clock.set(at('2026-12-05T02:30:00Z'));
    const handlers = { daily: recorder(), sweep: recorder(), timer: recorder() };
    const worker = createJobWorker({ db, log: memoryLogger(), nodeId: 'n1', now: clock.now, handlers });
    expect(await worker.runDue()).toMatchObject({ occurrences: 2, succeeded: 3 });
    expect([handlers.daily.ran.length, handlers.sweep.ran.length, handlers.timer.ran.length]).toEqual([
      1, 1, 1,
    ]);
    const next = Object.fromEntries((await listSchedules(db)).map((s) => [s.name, s.next_run_at]));
    // The first occurrences after now; the hourly one keeps its phase.
    expect(next).toEqual({ daily: at('2026-12-05T16:05:00Z'), hourly: at('2026-12-05T03:00:00Z') });
    await worker.runDue();
    expect(handlers.daily.ran.length + handlers.sweep.ran.length + handlers.timer.ran.length).toBe(3);
  });

  it('retries with back-off, then dead-letters with the error; retry and cancel by hand', async () => {
    const { db } = current();
    const clock = fakeClock(T0);
    let failing = true;
    const flaky = recorder(() => (failing ? 'upstream refused' : undefined));
    flaky.backoff = { baseMs: 1_000, capMs: 60_000 };
    const log = memoryLogger('debug');
    const worker = createJobWorker({
      db,
      log,
      nodeId: 'n1',
      now: clock.now,
      handlers: { flaky },
      random: () => 0,
    });
    const id = (await scheduleJob(db, { kind: 'flaky', runAt: T0, maxAttempts: 3 }, T0)) as number;
    expect(await worker.runDue()).toMatchObject({ failed: 1 });
    expect(await findJob(db, id)).toMatchObject({ state: 'scheduled', attempts: 1, run_at: T0 + 1_000 });
    clock.advance(999);
    await worker.runDue();
    expect(flaky.ran).toHaveLength(1);
    clock.advance(1);
    await worker.runDue();
    expect(await findJob(db, id)).toMatchObject({ state: 'scheduled', attempts: 2, run_at: T0 + 3_000 });
    clock.set(T0 + 3_000);
    await worker.runDue();
    expect(await findJob(db, id)).toMatchObject({
      state: 'dead',
      attempts: 3,
      last_error: 'upstream refused',
      finished_at: T0 + 3_000,
    });
    clock.advance(3_600_000);
    await worker.runDue();
    expect(flaky.ran).toHaveLength(3);
    expect(log.lines.some((l) => l.includes(`job ${id} dead after 3 attempt(s): upstream refused`))).toBe(
      true,
    );
    expect((await listJobs(db, { state: 'dead' })).jobs.map((j) => j.id)).toEqual([id]);

    // Retried by hand: runs now, and succeeds this time.
    failing = false;
    expect(await retryJob(db, id, clock.now())).toBe(true);
    expect(await retryJob(db, id, clock.now())).toBe(false);
    await worker.runDue();
    expect(await findJob(db, id)).toMatchObject({ state: 'succeeded', attempts: 4 });

    // A cancelled job does not run; retried, it does.
    const later = (await scheduleJob(db, { kind: 'flaky', runAt: clock.now() + 10 }, clock.now())) as number;
    expect(await cancelJob(db, later, clock.now())).toBe(true);
    expect(await cancelJob(db, later, clock.now())).toBe(false);
    clock.advance(60_000);
    await worker.runDue();
    expect(await findJob(db, later)).toMatchObject({ state: 'cancelled', attempts: 0 });
    expect(await retryJob(db, later, clock.now())).toBe(true);
    await worker.runDue();
    expect(await findJob(db, later)).toMatchObject({ state: 'succeeded', attempts: 1 });
  });

  it('after a killed worker’s lease runs out another worker runs the job; the late completion is refused', async () => {
    const { db } = current();
    const clock = fakeClock(T0);
    let release = () => {};
    let started = () => {};
    const hasStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const stuck: JobHandler = {
      run: () =>
        new Promise<void>((resolve) => {
          release = resolve;
          started();
        }),
    };
    const done = recorder();
    const log = memoryLogger('debug');
    // A long lease (in real time the heartbeat would wait 20 s): the "killed" worker never renews it here.
    const opts = { db, log, now: clock.now, leaseMs: 60_000 };
    const first = createJobWorker({ ...opts, nodeId: 'killed', handlers: { work: stuck } });
    const second = createJobWorker({ ...opts, nodeId: 'survivor', handlers: { work: done } });
    const id = (await scheduleJob(db, { kind: 'work', runAt: T0 }, T0)) as number;
    const firstRun = first.runDue();
    await hasStarted;
    expect(await findJob(db, id)).toMatchObject({
      state: 'running',
      locked_by: 'killed',
      lease_until: T0 + 60_000,
    });
    // Within the lease nobody else takes it.
    clock.advance(59_999);
    await second.runDue();
    expect(done.ran).toHaveLength(0);
    clock.advance(2);
    expect(await second.runDue()).toMatchObject({ succeeded: 1 });
    expect(done.ran.map((j) => j.attempt)).toEqual([2]);
    // The first worker comes back to life and finishes: its answer is refused by the fence.
    release();
    expect(await firstRun).toMatchObject({ succeeded: 0, refused: 1 });
    expect(await findJob(db, id)).toMatchObject({ state: 'succeeded', locked_by: 'survivor', attempts: 2 });
  });

  it('a worker renews its lease while the handler runs, so nobody takes a long job over', async () => {
    const { db } = current();
    const clock = fakeClock(T0);
    const other = recorder();
    const opts = { db, log: memoryLogger(), now: clock.now, leaseMs: 150 };
    const survivor = createJobWorker({ ...opts, nodeId: 'other', handlers: { long: other } });
    let seen: number[] = [];
    const long: JobHandler = {
      async run(job) {
        for (let i = 0; i < 4; i++) {
          clock.advance(100);
          // The heartbeat runs every leaseMs / 3 of real time (here 50 ms).
          await new Promise((resolve) => setTimeout(resolve, 200));
          seen = [...seen, Number((await findJob(db, job.id))?.lease_until) - clock.now()];
          await survivor.runDue();
        }
      },
    };
    const worker = createJobWorker({ ...opts, nodeId: 'busy', handlers: { long } });
    const id = (await scheduleJob(db, { kind: 'long', runAt: T0 }, T0)) as number;
    expect(await worker.runDue()).toMatchObject({ succeeded: 1 });
    // 400 ms of (fake) time past a 150 ms lease, still held: each renewal set it to now + 150.
    expect(seen.every((ms) => ms > 0)).toBe(true);
    expect(other.ran).toHaveLength(0);
    expect(await findJob(db, id)).toMatchObject({ state: 'succeeded', attempts: 1, locked_by: 'busy' });
  });

  it('a job whose worker died during its last attempt is dead-lettered, not run again', async () => {
    const { db } = current();
    const clock = fakeClock(T0);
    let release = () => {};
    const hangs: JobHandler = {
      run: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    };
    const opts = { db, log: memoryLogger(), now: clock.now, leaseMs: 60_000 };
    const killed = createJobWorker({ ...opts, nodeId: 'killed', handlers: { once: hangs } });
    const other = recorder();
    const survivor = createJobWorker({ ...opts, nodeId: 'survivor', handlers: { once: other } });
    const id = (await scheduleJob(db, { kind: 'once', runAt: T0, maxAttempts: 1 }, T0)) as number;
    const run = killed.runDue();
    await vi.waitFor(async () => expect((await findJob(db, id))?.state).toBe('running'));
    clock.advance(60_001);
    await survivor.runDue();
    expect(other.ran).toHaveLength(0);
    expect(await findJob(db, id)).toMatchObject({
      state: 'dead',
      attempts: 1,
      last_error: 'lease expired on the last attempt (the worker stopped or was killed)',
    });
    release();
    expect(await run).toMatchObject({ refused: 1 });
  });

  it('two workers with their own pools racing on 1,000 due jobs run each exactly once', async () => {
    const handle = current();
    const { db } = handle;
    const other =
      handle.engine === 'postgres'
        ? await openDb(TEST_PG_URL, { schema: handle.schema as string, poolSize: 4 })
        : undefined;
    try {
      for (let i = 0; i < 1000; i += 250) {
        await db
          .insertInto('jobs')
          .values(
            Array.from({ length: 250 }, (_, k) => ({
              kind: 'tick',
              key: `tick:${i + k}`,
              payload: '{}',
              run_at: T0,
              state: 'scheduled' as const,
              attempts: 0,
              max_attempts: 3,
              created_at: T0,
              updated_at: T0,
              lease_until: null,
              locked_by: null,
              last_error: null,
              schedule: null,
              finished_at: null,
            })),
          )
          .execute();
      }
      const runs = new Map<number, number>();
      const tick: JobHandler = {
        async run(job) {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          await new Promise((resolve) => setImmediate(resolve));
        },
      };
      const opts = { log: memoryLogger(), now: () => T0 + 1, handlers: { tick }, concurrency: 8 };
      const a = createJobWorker({ ...opts, db, nodeId: 'a' });
      const b = createJobWorker({ ...opts, db: other?.db ?? db, nodeId: 'b' });
      const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
      expect(ra.succeeded + rb.succeeded).toBe(1000);
      expect(runs.size).toBe(1000);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      if (other) expect(Math.min(ra.succeeded, rb.succeeded)).toBeGreaterThan(0);
      expect((await listJobs(db, { state: 'succeeded' })).total).toBe(1000);
    } finally {
      await other?.close();
    }
  });
});
