import type { Device } from '#store/devices.repository.ts';
import type { MeasurementPeriod } from '#store/measurements.table.ts';

/**
 * A logger was registered, changed, re-keyed or removed (issue 13): the receiver's registry applies it at once.
 * In-process the committed device travels along (`device`; null = removed), so the very next packet sees it
 * without a database read. Across nodes this becomes an outbox event carrying only the MN (the device holds
 * secrets): without `device` the registry re-reads that MN from the store.
 */
export interface RegistryChange {
  mn: string;
  at: number;
  change: 'created' | 'updated' | 'rotated' | 'removed';
  device?: Device | null;
}

/** Events the receiver publishes for the rest of the platform (alarms, cases, caches of the air engine). */
export interface ReceiverEvents {
  [K: string]: unknown;
  /**
   * No data nor heartbeat for offline_after_missed × expected_interval_s, decided by the health job over the
   * stored sightings (store/device-health.repository.ts) on whichever node wrote it; the `events` row is already
   * written.
   */
  device_offline: {
    mn: string;
    siteId: number;
    at: number;
    lastSeenAt: number | null;
    expectedIntervalS: number;
    missed: number;
  };
  /**
   * Data or a heartbeat received after a device went offline, seen by the health job's next check (`at` = the
   * newest of them); the `events` row is already written.
   */
  device_online: { mn: string; siteId: number; at: number; offlineSince: number | null };
  /** Values committed by one group commit, per site and period (air-station hours feed the air engine). */
  measurements_stored: {
    at: number;
    values: number;
    /** One entry per site × period with the time span touched (epoch ms, period starts, inclusive). */
    spans: { siteId: number; period: MeasurementPeriod; from: number; to: number }[];
  };
  /** A packet from an unknown MN or with a wrong password was kept in quarantine. */
  packet_quarantined: { mn: string | null; peer: string; at: number; reason: string };
  /** Emitted by the device-admin service after its transaction commits. */
  device_registry_changed: RegistryChange;
}
