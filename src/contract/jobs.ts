import { z } from 'zod';

/**
 * Durable jobs and schedules (issue 14): what the district office sees and does from the web and the CLI
 * (`GET /api/jobs`, `POST /api/jobs/{id}/retry|cancel`, `qingshan jobs list|retry|cancel`).
 */

export const jobState = z.enum(['scheduled', 'running', 'succeeded', 'dead', 'cancelled']);
export type JobStateName = z.infer<typeof jobState>;

export const jobKind = z
  .string()
  .regex(
    /^[0-9A-Za-z_.:-]{1,64}$/,
    '任务类型为 1–64 个字母、数字或 ._:- / kind: 1–64 letters, digits or ._:-',
  );

export const jobsQuery = z.object({
  state: jobState.optional(),
  kind: jobKind.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type JobsQuery = z.infer<typeof jobsQuery>;

export const jobId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const jobIdParams = z.object({ id: jobId });

export const jobView = z.object({
  id: z.number().int(),
  kind: z.string(),
  key: z.string().nullable(),
  payload: z.unknown(),
  runAt: z.number().int(),
  state: jobState,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  leaseUntil: z.number().int().nullable(),
  lockedBy: z.string().nullable(),
  lastError: z.string().nullable(),
  schedule: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
});
export type JobView = z.infer<typeof jobView>;

export const scheduleView = z.object({
  name: z.string(),
  kind: z.string(),
  cron: z.string().nullable(),
  everyMs: z.number().int().nullable(),
  timezone: z.string(),
  nextRunAt: z.number().int(),
  enabled: z.boolean(),
});
export type ScheduleView = z.infer<typeof scheduleView>;

export const jobsAnswer = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.record(jobState, z.number().int()),
  jobs: z.array(jobView),
  schedules: z.array(scheduleView),
});
export type JobsAnswer = z.infer<typeof jobsAnswer>;

export const jobActionAnswer = z.object({ job: jobView });
