import type { Generated, Selectable } from 'kysely';

/** Where a job stands (issue 14). `dead` is the dead-letter state: every attempt failed. */
export type JobState = 'scheduled' | 'running' | 'succeeded' | 'dead' | 'cancelled';
export const JOB_STATES: readonly JobState[] = ['scheduled', 'running', 'succeeded', 'dead', 'cancelled'];

/** One-shot runs: timers, deadlines and the occurrences of schedules (migration 0016). Times are epoch ms. */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** Unique when set: the same timer or schedule occurrence (`schedule:<name>@<ms>`) is inserted once. */
  key: string | null;
  /** JSON. */
  payload: string;
  run_at: number;
  state: JobState;
  /** Attempts started so far (a claim increments it); also the fence of completion. */
  attempts: number;
  max_attempts: number;
  /** While running: the claim expires then, and any worker may take the job again. */
  lease_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  /** The schedule that made this job, if any. */
  schedule: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** Periodic definitions: a cron expression in a time zone, or a fixed interval. */
export interface JobSchedulesTable {
  name: string;
  kind: string;
  cron: string | null;
  every_ms: number | null;
  timezone: Generated<string>;
  payload: string;
  next_run_at: number;
  /** 0/1. */
  enabled: number;
  updated_at: number;
}

export type JobRow = Selectable<JobsTable>;
export type JobScheduleRow = Selectable<JobSchedulesTable>;
