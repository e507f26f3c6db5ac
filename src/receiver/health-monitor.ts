import { notifyOutboxCommitted } from '#platform/outbox/outbox-wake.ts';
import type { Logger } from '#services/logger.ts';
import { evaluateDeviceHealth, type HealthTarget } from '#store/device-health.repository.ts';
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

export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { db, log, bus, now } = options;
  // A device never heard from counts from the first check's start, stored durably by the job.
  const since = now();
  let running: Promise<string[]> | undefined;

  async function runCheck(): Promise<string[]> {
    const transitions = await evaluateDeviceHealth(db, { now: now(), since });
    if (transitions.length > 0) notifyOutboxCommitted(db);
    const offline: string[] = [];
    for (const t of transitions) {
      if (t.kind === 'device_offline') {
        const { kind: _, ...p } = t;
        log.warn(
          `device ${p.mn} offline: no data for ${p.missed} × ${p.expectedIntervalS} s (last seen ${p.lastSeenAt === null ? 'never' : new Date(p.lastSeenAt).toISOString()})`,
        );
        bus.emit('device_offline', p);
        offline.push(p.mn);
      } else {
        const { kind: _, ...p } = t;
        log.info(`device ${p.mn} online again`);
        bus.emit('device_online', p);
      }
    }
    return offline;
  }

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
