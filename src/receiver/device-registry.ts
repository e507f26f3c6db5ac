import type { Kysely } from 'kysely';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import { type Device, listDevices } from '#store/devices.repository.ts';

/**
 * The device registry in memory (MN → site, factors, password, CRC policy, interval), so the ingest path
 * never waits on the database. Reloaded every `refreshMs` and, throttled, when an unknown MN shows up (a device
 * added with `qingshan devices add` in another process is known within seconds; its first packets stay in
 * quarantine until then).
 */
export interface DeviceRegistry {
  get(mn: string): Device | undefined;
  all(): Device[];
  /** Reload now; resolves when the new table is in place. */
  reload(): Promise<void>;
  /** Ask for a reload (unknown MN); at most one per `missReloadMs`. */
  noteMiss(mn: string): void;
  readonly size: number;
  stop(): void;
}

export interface DeviceRegistryOptions {
  log: Logger;
  refreshMs?: number;
  missReloadMs?: number;
  now?: () => number;
  /** Called after each reload with the devices (the health monitor tracks new devices). */
  onReload?: (devices: readonly Device[]) => void;
}

export async function createDeviceRegistry(
  db: Kysely<Database>,
  options: DeviceRegistryOptions,
): Promise<DeviceRegistry> {
  const { log } = options;
  const now = options.now ?? Date.now;
  const missReloadMs = options.missReloadMs ?? 2000;
  let byMn = new Map<string, Device>();
  let lastReload = 0;
  let inFlight: Promise<void> | undefined;

  const reload = (): Promise<void> => {
    inFlight ??= (async () => {
      try {
        const devices = await listDevices(db);
        byMn = new Map(devices.map((d) => [d.mn, d]));
        lastReload = now();
        options.onReload?.(devices);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const reloadLogged = () =>
    reload().catch((err: unknown) => log.error(`device registry reload failed: ${(err as Error).message}`));

  await reload();
  log.info(`device registry: ${byMn.size} device(s)`);
  const timer = setInterval(reloadLogged, options.refreshMs ?? 10_000);
  timer.unref();

  return {
    get: (mn) => byMn.get(mn),
    all: () => [...byMn.values()],
    reload,
    noteMiss(mn) {
      if (inFlight || now() - lastReload < missReloadMs) return;
      log.debug(`unknown MN ${mn}: reloading the device registry`);
      void reloadLogged();
    },
    get size() {
      return byMn.size;
    },
    stop: () => clearInterval(timer),
  };
}
