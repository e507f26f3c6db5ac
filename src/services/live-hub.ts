import type { LiveDataEvent, LiveDeviceEvent } from '#contract/dashboard.ts';
import type { OutboxEvent } from '#contract/outbox-events.ts';
import type { OutboxRunner } from '#platform/outbox/outbox-runner.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { POLLUTANTS } from '#rules/air/types.ts';
import { DAY_MS } from '#rules/time/calendar.ts';
import { recentDataVersion } from '#store/dashboard.repository.ts';
import type { Db } from '#store/open-db.ts';
import { airStations, latestHour } from './air-stations.service.ts';
import { createLiveStreamGate, type LiveStreamLimits, type StreamAdmission } from './live-stream-limits.ts';
import type { Logger } from './logger.ts';

export type LiveMessage = { type: 'data'; data: LiveDataEvent } | { type: 'device'; data: LiveDeviceEvent };
export type LiveListener = (message: LiveMessage) => void;

export interface LiveHub {
  /** Listen to new data and device events; returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void;
  /**
   * Work to finish before a data message reaches the streams (warming the overview cache): a page that re-reads
   * on the message then gets the new figures, not the cache's previous ones served while it recomputes.
   */
  beforeData(work: (data: LiveDataEvent) => Promise<void>): void;
  /** The data version last seen (max received_at of recent hourly values), null before the first look. */
  version(): number | null;
  /** Look at the data version now (done on every measurements.stored event, and once when start-up is done). */
  poll(): Promise<void>;
  /** Stop listening; resolves when a running look has finished. */
  stop(): Promise<void>;
  /** Take a stream slot for a client address, or learn which cap refuses it (live-stream-limits.ts). */
  admit(address: string): StreamAdmission;
}

export interface LiveHubOptions {
  db: Db;
  log: Logger;
  now: () => number;
  /** Emit only once start-up work is done. */
  isReady: () => boolean;
  /** The outbox this hub follows (a broadcast consumer: every node's dashboards see every node's events). */
  outbox: OutboxRunner;
  /** Caps on open streams (defaults in live-stream-limits.ts). */
  streamLimits?: Partial<LiveStreamLimits>;
}

/** New hourly values are looked for among the hours of the last two days (a primary-key range scan). */
const RECENT_MS = 2 * DAY_MS;

export const LIVE_TOPICS = ['measurements.stored', 'device.online', 'device.offline'] as const;

/**
 * The dashboard's live updates (/api/live) from the event outbox (issue 14), whoever wrote the change and on
 * whichever node: a `device.online`/`device.offline` event becomes a device message; a `measurements.stored`
 * event makes the hub read the data version (max received_at of recent hourly values) and send a data message
 * when it moved. The message shapes (src/contract/dashboard.ts) are those of the earlier table-polling hub.
 * A listener that throws is logged and does not stop others.
 */
/** One feed for every connection; live-routes.ts narrows each connection to its caller's jurisdiction. */
const EVERY_SITE = Jurisdiction.system('live hub: one feed, filtered per connection in live-routes');

export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { db, log, now } = options;
  const listeners = new Set<LiveListener>();
  const gate = createLiveStreamGate(options.streamLimits ?? {}, log, now);
  let version: number | null = null;
  let running: Promise<void> | undefined;
  let stopped = false;
  const warmers: ((data: LiveDataEvent) => Promise<void>)[] = [];

  const emit = (message: LiveMessage) => {
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        log.error(`live listener failed: ${(error as Error).message}`);
      }
    }
  };

  const look = async () => {
    if (!options.isReady() || stopped) return;
    const sites = await airStations(db, EVERY_SITE);
    const t = now();
    const v = await recentDataVersion(db.db, EVERY_SITE, {
      siteIds: sites.map((s) => s.id),
      parameters: POLLUTANTS,
      since: t - RECENT_MS,
    });
    if (v !== null && v !== version) {
      version = v;
      const data = { version: v, latestHour: await latestHour(db, EVERY_SITE, sites, t) };
      for (const warm of warmers) {
        await warm(data).catch((error: unknown) =>
          log.warn(`live warm-up failed: ${(error as Error).message}`),
        );
      }
      emit({ type: 'data', data });
    }
  };

  const poll = () => {
    running ??= look()
      .catch((error: unknown) => log.warn(`live data version read failed: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const siteCodes = async (ids: number[]): Promise<Map<number, string>> => {
    if (ids.length === 0) return new Map();
    const rows = await db.db.selectFrom('sites').select(['id', 'code']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), r.code]));
  };

  const handle = async (events: OutboxEvent[]) => {
    if (stopped || !options.isReady()) return;
    const devices = events.filter((e) => e.topic === 'device.online' || e.topic === 'device.offline');
    const codes = await siteCodes([...new Set(devices.map((e) => e.payload.siteId))]);
    for (const e of devices) {
      emit({
        type: 'device',
        data: {
          id: e.id,
          at: e.payload.at,
          kind: e.topic === 'device.online' ? 'device_online' : 'device_offline',
          mn: e.payload.mn,
          site: codes.get(e.payload.siteId) ?? null,
        },
      });
    }
    if (events.some((e) => e.topic === 'measurements.stored')) await poll();
  };

  void options.outbox.broadcast('live-hub', handle, { topics: LIVE_TOPICS });

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    beforeData: (work) => {
      warmers.push(work);
    },
    version: () => version,
    poll,
    admit: gate.admit,
    async stop() {
      stopped = true;
      listeners.clear();
      await running;
    },
  };
}
