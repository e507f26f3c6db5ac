import type { Kysely } from 'kysely';
import { notifyOutboxCommitted } from '#platform/outbox/outbox-wake.ts';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import type { Device } from '#store/devices.repository.ts';
import { commitIngestBatch } from '#store/receiver-batch.repository.ts';
import type { DeviceHealthTable } from './device-health.ts';
import { healthEvent } from './device-health.ts';
import type { EventBus } from './event-bus.ts';
import type { ReceiverEvents } from './receiver-events.ts';

/**
 * Marks devices offline after offline_after_missed × expected_interval_s without data: writes the status and a
 * `device_offline` events row, then emits on the bus. The clock is injected, and `check()` can be called
 * directly, so tests drive it with a fake clock.
 */
export interface HealthMonitor {
  /** Run one check now; resolves with the MNs that went offline. */
  check(): Promise<string[]>;
  stop(): void;
}

export interface HealthMonitorOptions {
  db: Kysely<Database>;
  log: Logger;
  bus: EventBus<ReceiverEvents>;
  health: DeviceHealthTable;
  devices: () => readonly Device[];
  now: () => number;
  /** 0 = no timer (tests call check()). */
  everyMs: number;
  /** Other periodic work of the receiver, run after each timed check (the receiver's one timer). */
  onTick?: () => Promise<void>;
}

export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { db, log, bus, health, now } = options;
  const since = now();
  let running: Promise<string[]> | undefined;

  async function runCheck(): Promise<string[]> {
    const at = now();
    const devices = options.devices().filter((d) => d.enabled);
    const bySite = new Map(devices.map((d) => [d.mn, d]));
    const gone = health.markOffline(
      devices.map((d) => ({
        mn: d.mn,
        expectedIntervalS: d.expectedIntervalS,
        offlineAfterMissed: d.offlineAfterMissed,
      })),
      at,
      since,
    );
    if (gone.length === 0) return [];
    const payloads = gone.map((g) => {
      const d = bySite.get(g.row.mn) as Device;
      return {
        mn: g.row.mn,
        siteId: d.siteId,
        at,
        lastSeenAt: g.lastSeenAt,
        expectedIntervalS: d.expectedIntervalS,
        missed: g.missed,
      };
    });
    await commitIngestBatch(
      db,
      {
        raw: [],
        measurements: [],
        statuses: gone.map((g) => g.row),
        events: payloads.map((p) => healthEvent('device_offline', p.mn, at, p)),
        // In the same transaction (issue 14): consumers on every node learn of it from the outbox.
        outbox: payloads.map((p) => ({ topic: 'device.offline', at, subject: p.mn, payload: p })),
      },
      at,
    );
    notifyOutboxCommitted(db);
    for (const p of payloads) {
      log.warn(
        `device ${p.mn} offline: no data for ${p.missed} × ${p.expectedIntervalS} s (last seen ${p.lastSeenAt === null ? 'never' : new Date(p.lastSeenAt).toISOString()})`,
      );
      bus.emit('device_offline', p);
    }
    return payloads.map((p) => p.mn);
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
          check().catch((err: unknown) => log.error(`offline check failed: ${(err as Error).message}`));
          options
            .onTick?.()
            .catch((err: unknown) => log.error(`housekeeping failed: ${(err as Error).message}`));
        }, options.everyMs)
      : undefined;
  timer?.unref();
  return { check, stop: () => clearInterval(timer) };
}
