import type { Logger } from '#services/logger.ts';
import type { HealthTarget } from '#store/device-health.repository.ts';
import type { EventBus } from './event-bus.ts';
import { createHealthMonitor, type HealthMonitor } from './health-monitor.ts';
import type { ReceiverEvents } from './receiver-events.ts';

export interface StoredHealthMonitorOptions {
  db: HealthTarget;
  log: Logger;
  bus: EventBus<ReceiverEvents>;
  now: () => number;
  /** 0 = no timer (tests call check()). */
  everyMs: number;
}

/**
 * The device-health check of a node without a receiver (a `worker`): the check reads only the stored sighting
 * times that every receiver writes with its group commits (store/device-health.repository.ts), so it does not
 * depend on which node received a logger's packets, and several nodes running it write the events of one.
 */
export async function startStoredHealthMonitor(options: StoredHealthMonitorOptions): Promise<HealthMonitor> {
  return createHealthMonitor({ ...options });
}
