import type { Kysely } from 'kysely';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Logger } from '#services/logger.ts';
import type { Database } from '#store/database.ts';
import { type Device, findDevice, listDevices } from '#store/devices.repository.ts';
import type { RegistryChange } from './receiver-events.ts';

/**
 * The device registry in memory (MN → site, factors, password, CRC policy, encryption policy), so the ingest path
 * never waits on the database.
 *
 * Changes are pushed, not polled (issue 13): the device-admin service emits `device_registry_changed` after its
 * commit and `apply` puts the committed device in place synchronously, so a logger registered a moment ago is
 * known to its very first packet, a removed or disabled one at once. A change without the device (a future
 * outbox event from another node) re-reads that MN. Writers in other processes (the CLI today) are caught by
 * `reload`, which the receiver runs on the health monitor's tick and, throttled, when an unknown MN shows up —
 * the registry has no timer of its own; across nodes that reconciliation gives way to the outbox.
 */
/** The receiver accepts packets of every registered logger, whatever site it is on. */
const RECEIVER = Jurisdiction.system('receiver: device registry');

export interface DeviceRegistry {
  get(mn: string): Device | undefined;
  all(): Device[];
  /** Reload the whole table now; resolves when the new table is in place. */
  reload(): Promise<void>;
  /** A pushed change: applied before this returns when it carries the device; otherwise that MN is re-read. */
  apply(change: RegistryChange): Promise<void>;
  /** Ask for a reload (unknown MN); at most one per `missReloadMs`. */
  noteMiss(mn: string): void;
  readonly size: number;
  stop(): void;
}

export interface DeviceRegistryOptions {
  log: Logger;
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
  // Pushed while a full reload reads: its snapshot may predate them, so they are applied again on top of it.
  let pushedDuringReload: Map<string, Device | null> | undefined;

  const put = (mn: string, device: Device | null) => {
    if (device === null) byMn.delete(mn);
    else byMn.set(mn, device);
    pushedDuringReload?.set(mn, device);
  };

  const reload = (): Promise<void> => {
    inFlight ??= (async () => {
      pushedDuringReload = new Map();
      try {
        const devices = await listDevices(db, RECEIVER);
        const next = new Map(devices.map((d) => [d.mn, d]));
        for (const [mn, d] of pushedDuringReload) {
          if (d === null) next.delete(mn);
          else next.set(mn, d);
        }
        byMn = next;
        lastReload = now();
        options.onReload?.([...next.values()]);
      } finally {
        pushedDuringReload = undefined;
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const reloadLogged = () =>
    reload().catch((err: unknown) => log.error(`device registry reload failed: ${(err as Error).message}`));

  await reload();
  log.info(`device registry: ${byMn.size} device(s)`);

  return {
    get: (mn) => byMn.get(mn),
    all: () => [...byMn.values()],
    reload,
    async apply(change) {
      if (change.device !== undefined) {
        put(change.mn, change.device);
        return;
      }
      put(change.mn, (await findDevice(db, RECEIVER, change.mn)) ?? null);
    },
    noteMiss(mn) {
      if (inFlight || now() - lastReload < missReloadMs) return;
      log.debug(`unknown MN ${mn}: reloading the device registry`);
      void reloadLogged();
    },
    get size() {
      return byMn.size;
    },
    stop: () => {},
  };
}
