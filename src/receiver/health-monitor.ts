import { notifyOutboxCommitted } from '#platform/outbox/outbox-wake.ts';
import type { Logger } from '#services/logger.ts';
import {
  type DeviceHealthTransition,
  evaluateDeviceHealth,
  type HealthTarget,
} from '#store/device-health.repository.ts';
import type { EventBus } from './event-bus.ts';
import type { ReceiverEvents } from './receiver-events.ts';

/**
 * Runs the device-health job (store/device-health.repository.ts) on this node's timer: it decides online/offline
 * from the STORED sighting times in one transaction with conditional updates, so any number of nodes running it
 * write the events of one (issue 14). This monitor only emits what the job wrote on the bus (`device_offline`,
 * `device_online`) and logs it. The clock is injected, and `check()` can be called directly, so tests drive it
 * with a fake clock. (The durable job system can run evaluateDeviceHealth itself; this timer is its stand-in.)
 */
export interface HealthMonitor {
  /** Run one check now; resolves with the MNs that went offline (the devices back online are emitted too). */
  check(): Promise<string[]>;
  stop(): void;
}

export interface HealthMonitorOptions {
  /** The open handle (SQLite: with its driver, so the job holds the write lock only synchronously). */
  db: HealthTarget;
  log: Logger;
  bus: EventBus<ReceiverEvents>;
  now: () => number;
  /** 0 = no timer (tests call check()). */
  everyMs: number;
  /** Other periodic work of the receiver, run after each timed check (the receiver's one timer). */
  onTick?: () => Promise<void>;
  /**
   * False = the timer runs only `onTick`, no offline check: a `receiver` node of several sees only its own
   * loggers, so the check runs on a `worker` over the stored last-seen times (issue 14). Default true.
   */
  offlineCheck?: boolean;
}

/**
 * One device-health check (the `devices.health` job and this monitor): decide and write the transitions over the
 * stored sightings, wake the outbox consumers, log each and emit it on this process's bus.
 */
export async function runDeviceHealthCheck(options: {
  db: HealthTarget;
  log: Logger;
  bus?: EventBus<ReceiverEvents>;
  now: number;
  since: number;
  node?: string;
}): Promise<DeviceHealthTransition[]> {
  const { db, log, bus, now, since, node } = options;
  const transitions = await evaluateDeviceHealth(db, { now, since, ...(node ? { node } : {}) });
  if (transitions.length > 0) notifyOutboxCommitted(db);
  for (const t of transitions) {
    const { kind, ...payload } = t;
    if (t.kind === 'device_offline') {
      log.warn(
        `device ${t.mn} offline: no data for ${t.missed} × ${t.expectedIntervalS} s (last seen ${t.lastSeenAt === null ? 'never' : new Date(t.lastSeenAt).toISOString()})`,
      );
    } else log.info(`device ${t.mn} online again`);
    bus?.emit(kind, payload as never);
  }
  return transitions;
}

export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { db, log, bus, now } = options;
  // A device never heard from counts from the first check's start, stored durably by the job.
  const since = now();
  let running: Promise<string[]> | undefined;

  const runCheck = async (): Promise<string[]> =>
    (await runDeviceHealthCheck({ db, log, bus, now: now(), since }))
      .filter((t) => t.kind === 'device_offline')
      .map((t) => t.mn);

  const check = (): Promise<string[]> => {
    running ??= runCheck().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer =
    options.everyMs > 0
      ? setInterval(() => {
          if (options.offlineCheck !== false)
            check().catch((err: unknown) =>
              log.error(`device-health check failed: ${(err as Error).message}`),
            );
          options
            .onTick?.()
            .catch((err: unknown) => log.error(`housekeeping failed: ${(err as Error).message}`));
        }, options.everyMs)
      : undefined;
  timer?.unref();
  return { check, stop: () => clearInterval(timer) };
}
