import type { Kysely } from 'kysely';
import { type Backoff, backoffDelay, DEFAULT_BACKOFF } from '#rules/jobs/backoff.ts';
import { nextOccurrence } from '#rules/jobs/next-run.ts';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import { advanceSchedule, lockDueSchedules } from '#store/job-schedules.repository.ts';
import {
  claimDueJobs,
  completeJobs,
  extendLease,
  type Fence,
  failJob,
  insertJob,
  nextDueAt,
  reapAbandonedJobs,
} from '#store/jobs.repository.ts';
import type { JobRow } from '#store/jobs.table.ts';
import { writeTransaction } from '#store/write-transaction.ts';
import { recurrenceOfRow } from './jobs.ts';

/** What a handler is given: the job as stored, its payload parsed. */
export interface Job<P = unknown> {
  id: number;
  kind: string;
  key: string | null;
  payload: P;
  runAt: number;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  schedule: string | null;
}

export interface JobContext {
  now: () => number;
  log: Logger;
  /** Aborted when this worker lost the claim (lease taken over, job cancelled) or is stopping. */
  signal: AbortSignal;
}

export interface JobHandler {
  run(job: Job, ctx: JobContext): Promise<void>;
  /** For jobs made from schedules of this kind (one-shot jobs say it themselves). Default 5. */
  maxAttempts?: number;
  /** How long a claim holds before another worker may take the job; extended while `run` is under way. */
  leaseMs?: number;
  backoff?: Partial<Backoff>;
}

export interface JobWorkerOptions {
  db: Kysely<Database>;
  log: Logger;
  /** Who holds a claim (locked_by): the node id, e.g. host:port. */
  nodeId: string;
  now: () => number;
  handlers: Readonly<Record<string, JobHandler>>;
  /** Jobs run at once by this worker (default 4). */
  concurrency?: number;
  /** The longest sleep between looks at the table when nothing is due sooner (default 5 s). */
  pollMs?: number;
  /** Default lease (30 s). */
  leaseMs?: number;
  /** [0, 1) for the back-off jitter; default Math.random (tests pass a constant). */
  random?: () => number;
}

export interface RunReport {
  /** Jobs made from due schedules. */
  occurrences: number;
  succeeded: number;
  failed: number;
  /** Completions or failures the fence refused (the claim was no longer ours). */
  refused: number;
}

export interface JobWorker {
  readonly nodeId: string;
  /** Claims and runs everything due at now(), until nothing is; resolves with what happened. */
  runDue(): Promise<RunReport>;
  /** Wakes at the next due time or every pollMs, whichever first. */
  start(): void;
  /** Look again now (something was scheduled in this process). */
  wake(): void;
  /** Stops claiming and waits for the jobs under way. */
  stop(): Promise<void>;
}

const SCHEDULE_BATCH = 100;

/**
 * Collects the completions of jobs that finish close together and writes them in one fenced statement, so many
 * short jobs cost one commit per batch instead of one each. Resolves each with whether its fence held.
 */
function completionBatcher(db: Kysely<Database>, lockedBy: string, now: () => number) {
  const pending: { fence: Fence; done: (ok: boolean) => void; fail: (e: unknown) => void }[] = [];
  let scheduled = false;
  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending.splice(0, 500);
      try {
        const done = await completeJobs(
          db,
          lockedBy,
          batch.map((p) => ({ id: p.fence.id, attempts: p.fence.attempts })),
          now(),
        );
        for (const p of batch) p.done(done.has(p.fence.id));
      } catch (error) {
        for (const p of batch) p.fail(error);
      }
    }
    scheduled = false;
  };
  return {
    add(fence: Fence): Promise<boolean> {
      return new Promise<boolean>((done, fail) => {
        pending.push({ fence, done, fail });
        if (scheduled) return;
        scheduled = true;
        setImmediate(() => void flush());
      });
    },
  };
}

function toJob(row: JobRow): Job {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = row.payload;
  }
  return {
    id: Number(row.id),
    kind: row.kind,
    key: row.key,
    payload,
    runAt: Number(row.run_at),
    attempt: row.attempts,
    maxAttempts: row.max_attempts,
    schedule: row.schedule,
  };
}

/**
 * A worker of the durable job table (see jobs.ts for the design). Any number may run, in one process or on many
 * nodes: claims are leases in the table, so a worker that is killed loses only its leases, and its jobs run again
 * on whichever worker looks after the lease ends. Completion and failure are fenced by (id, locked_by, attempts),
 * so the late answer of a worker that lost its lease changes nothing.
 */
export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { db, log, nodeId, now, handlers } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollMs = options.pollMs ?? 5_000;
  const defaultLeaseMs = options.leaseMs ?? 30_000;
  const random = options.random ?? Math.random;
  const kinds = Object.keys(handlers);
  const stopping = new AbortController();
  let current: Promise<RunReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let started = false;

  const completions = completionBatcher(db, nodeId, now);

  async function fireSchedules(): Promise<number> {
    let made = 0;
    for (;;) {
      const at = now();
      const batch = await writeTransaction(db, async (trx) => {
        const due = await lockDueSchedules(trx, at, SCHEDULE_BATCH);
        for (const s of due) {
          const from = Number(s.next_run_at);
          const recurrence = recurrenceOfRow(s);
          // The first occurrence after now: missed ones (every node was down) fire once, as this one job.
          const to = nextOccurrence(recurrence, at, 'everyMs' in recurrence ? from : undefined);
          if (!(await advanceSchedule(trx, s.name, from, to, at))) continue;
          const id = await insertJob(
            trx,
            {
              kind: s.kind,
              runAt: from,
              payload: JSON.parse(s.payload) as unknown,
              key: `schedule:${s.name}@${from}`,
              schedule: s.name,
              maxAttempts: handlers[s.kind]?.maxAttempts ?? 5,
            },
            at,
          );
          if (id !== undefined) made++;
        }
        return due.length;
      });
      if (batch < SCHEDULE_BATCH) return made;
    }
  }

  async function runOne(row: JobRow, report: RunReport): Promise<void> {
    const job = toJob(row);
    const handler = handlers[job.kind] as JobHandler;
    const fence: Fence = { id: job.id, lockedBy: nodeId, attempts: row.attempts };
    const leaseMs = handler.leaseMs ?? defaultLeaseMs;
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, stopping.signal]);
    const jobLog = log.child(job.kind);
    const extend = async () => {
      const ok = await extendLease(db, fence, now() + leaseMs, now()).catch(() => true);
      if (!ok) lost.abort(new Error('the claim was lost (lease taken over or job cancelled)'));
    };
    if (leaseMs !== defaultLeaseMs) await extend();
    // Real time, not the injected clock: the lease must be renewed while the handler is really running.
    const heartbeat = setInterval(() => void extend(), Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    try {
      await handler.run(job, { now, log: jobLog, signal });
      clearInterval(heartbeat);
      if (await completions.add(fence)) report.succeeded++;
      else {
        report.refused++;
        jobLog.warn(`job ${job.id}: finished after its claim was lost; the result is not recorded`);
      }
    } catch (error) {
      clearInterval(heartbeat);
      const message = error instanceof Error ? error.message : String(error);
      const backoff = { ...DEFAULT_BACKOFF, ...handler.backoff };
      const retryAt = now() + backoffDelay(fence.attempts, backoff, random());
      const state = await failJob(db, fence, message, retryAt, now());
      if (state === undefined) {
        report.refused++;
        return;
      }
      report.failed++;
      if (state === 'dead') {
        jobLog.error(`job ${job.id} dead after ${fence.attempts} attempt(s): ${message}`);
      } else {
        jobLog.warn(
          `job ${job.id} attempt ${fence.attempts}/${job.maxAttempts} failed (${message}); again at ${new Date(retryAt).toISOString()}`,
        );
      }
    }
  }

  async function runDueOnce(): Promise<RunReport> {
    const report: RunReport = { occurrences: 0, succeeded: 0, failed: 0, refused: 0 };
    await reapAbandonedJobs(db, now());
    report.occurrences = await fireSchedules();
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      if (stopping.signal.aborted) break;
      const free = concurrency - inFlight.size;
      const claimed =
        free > 0
          ? await claimDueJobs(db, {
              now: now(),
              lockedBy: nodeId,
              leaseMs: defaultLeaseMs,
              limit: free,
              kinds,
            })
          : [];
      for (const row of claimed) {
        const p: Promise<void> = runOne(row, report)
          .catch((err: unknown) => log.error(`job ${row.id}: ${(err as Error).message}`))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (claimed.length === 0 && inFlight.size === 0) break;
      // Claim in batches: wait until half the slots are free (or nothing more was due) before asking again.
      while (inFlight.size > 0 && (claimed.length === 0 || inFlight.size > concurrency / 2)) {
        await Promise.race(inFlight);
        if (claimed.length === 0) break;
      }
    }
    await Promise.all(inFlight);
    return report;
  }

  const runDue = (): Promise<RunReport> => {
    current ??= runDueOnce().finally(() => {
      current = undefined;
    });
    return current;
  };

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => void tick(), Math.max(0, Math.min(ms, pollMs)));
    timer.unref();
  };

  async function tick(): Promise<void> {
    timer = undefined;
    try {
      await runDue();
      const next = await nextDueAt(db, kinds);
      schedule(next === undefined ? pollMs : next - now());
    } catch (error) {
      if (!stopping.signal.aborted) log.error(`job worker: ${(error as Error).message}`);
      schedule(pollMs);
    }
  }

  return {
    nodeId,
    runDue,
    start() {
      if (started) return;
      started = true;
      // Look at once (not on a timer), so what fell due while the platform was down runs even if stop() follows.
      void tick();
    },
    wake() {
      if (started && !stopping.signal.aborted) schedule(0);
    },
    async stop() {
      stopping.abort(new Error('the worker is stopping'));
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current?.catch(() => undefined);
    },
  };
}
