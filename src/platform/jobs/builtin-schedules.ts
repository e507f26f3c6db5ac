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
  /** Online/offline of every logger from the stored sighting times (store/device-health.repository.ts). */
  deviceHealth: 'devices.health',
  /** Delete succeeded and cancelled jobs past their retention (dead ones stay). */
  jobsPrune: 'jobs.prune',
  /** Delete outbox events past `outbox.retentionDays` that every durable consumer has passed. */
  outboxPrune: 'outbox.prune',
  /**
   * A one-shot timer that only says it fired (an outbox event platform.pinged naming the node): an operator's
   * check that some worker runs timers (`qingshan jobs ping`), and the timer of the multi-node test.
   */
  ping: 'platform.ping',
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
  // Every 15 s, as the receiver's in-memory check did; one node at a time (the job's claim), over the STORED
  // sightings every receiver writes, so N nodes give exactly the events of one (issue 14).
  { name: 'devices.health', kind: JOB_KINDS.deviceHealth, everyMs: 15_000 },
  { name: 'jobs.prune', kind: JOB_KINDS.jobsPrune, cron: '20 0 * * *', timezone: 'Asia/Shanghai' },
  { name: 'outbox.prune', kind: JOB_KINDS.outboxPrune, cron: '25 0 * * *', timezone: 'Asia/Shanghai' },
];
