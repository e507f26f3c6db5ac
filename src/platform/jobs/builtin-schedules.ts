import type { ScheduleInput } from './jobs.ts';

/**
 * The job kinds and schedules the platform itself defines (issue 14). Every node defines these at start (an
 * unchanged definition keeps its next run), so later modules add their periodic work here, in one place, and their
 * handler in src/server/job-handlers.ts.
 */
export const JOB_KINDS = {
  /** The day's signed checkpoints of the hash chains (issue 11). */
  dailyCheckpoints: 'checkpoints.daily',
  /** Remove quarantined (unauthenticated) packets past their retention (issue 10). */
  quarantineSweep: 'quarantine.sweep',
} as const;

export const BUILTIN_SCHEDULES: readonly ScheduleInput[] = [
  // 00:05 Beijing: the first minutes of the new day, so yesterday's last packets are in the heads it signs.
  {
    name: 'checkpoints.daily',
    kind: JOB_KINDS.dailyCheckpoints,
    cron: '5 0 * * *',
    timezone: 'Asia/Shanghai',
  },
  // Hourly, as the receiver's in-memory sweep did.
  { name: 'quarantine.sweep', kind: JOB_KINDS.quarantineSweep, everyMs: 60 * 60_000 },
];
