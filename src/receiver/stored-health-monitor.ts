import type { Kysely } from 'kysely';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import { listDeviceStatus } from '#store/device-status.repository.ts';
import { createDeviceHealth } from './device-health.ts';
import { createDeviceRegistry } from './device-registry.ts';
import type { EventBus } from './event-bus.ts';
import { createHealthMonitor, type HealthMonitor } from './health-monitor.ts';
import type { ReceiverEvents } from './receiver-events.ts';

export interface StoredHealthMonitorOptions {
  db: Kysely<Database>;
  log: Logger;
  bus: EventBus<ReceiverEvents>;
  now: () => number;
  /** 0 = no timer (tests call check()). */
  everyMs: number;
}

/**
 * The offline check of a `worker` node (issue 14): before each check it re-reads the devices and the stored
 * last-seen times that every receiver writes with its group commits, so the check does not depend on which
 * node received a logger's packets. A bridge until device health becomes a durable job; run it on one worker.
 */
export async function startStoredHealthMonitor(options: StoredHealthMonitorOptions): Promise<HealthMonitor> {
  const { db, log, now } = options;
  const health = createDeviceHealth();
  const registry = await createDeviceRegistry(db, { log, now });
  const inner = createHealthMonitor({
    db,
    log,
    bus: options.bus,
    health,
    devices: () => registry.all(),
    now,
    everyMs: 0,
  });
  const check = async (): Promise<string[]> => {
    await registry.reload();
    health.load(await listDeviceStatus(db));
    return inner.check();
  };
  const timer =
    options.everyMs > 0
      ? setInterval(() => {
          check().catch((err: unknown) => log.error(`offline check failed: ${(err as Error).message}`));
        }, options.everyMs)
      : undefined;
  timer?.unref();
  return {
    check,
    stop() {
      clearInterval(timer);
      inner.stop();
      registry.stop();
    },
  };
}
