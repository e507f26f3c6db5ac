import type { JobsAnswer, JobView, ScheduleView } from '#contract/jobs.ts';
import type { JobRow, JobScheduleRow } from '#store/jobs.table.ts';
import type { JobsPage } from './jobs.ts';

/** A job row as the contract shows it (payload parsed, camelCase). */
export function jobViewOf(row: JobRow): JobView {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = row.payload;
  }
  const n = (x: number | null) => (x === null ? null : Number(x));
  return {
    id: Number(row.id),
    kind: row.kind,
    key: row.key,
    payload,
    runAt: Number(row.run_at),
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    leaseUntil: n(row.lease_until),
    lockedBy: row.locked_by,
    lastError: row.last_error,
    schedule: row.schedule,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    finishedAt: n(row.finished_at),
  };
}

export function scheduleViewOf(row: JobScheduleRow): ScheduleView {
  return {
    name: row.name,
    kind: row.kind,
    cron: row.cron,
    everyMs: row.every_ms === null ? null : Number(row.every_ms),
    timezone: row.timezone,
    nextRunAt: Number(row.next_run_at),
    enabled: row.enabled === 1,
  };
}

export function jobsAnswerOf(page: JobsPage): JobsAnswer {
  return {
    total: page.total,
    page: page.page,
    pageSize: page.pageSize,
    counts: page.counts,
    jobs: page.jobs.map(jobViewOf),
    schedules: page.schedules.map(scheduleViewOf),
  };
}
