import type { LiveDataEvent, LiveDeviceEvent } from '#contract/dashboard.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { DAY_MS } from '#rules/air/calendar.ts';
import { POLLUTANTS } from '#rules/air/types.ts';
import { deviceEventsAfter, lastEventId, recentDataVersion } from '#store/dashboard.repository.ts';
import type { Db } from '#store/open-db.ts';
import { airStations, latestHour } from './air-stations.service.ts';
import { createLiveStreamGate, type LiveStreamLimits, type StreamAdmission } from './live-stream-limits.ts';
import type { Logger } from './logger.ts';

export type LiveMessage = { type: 'data'; data: LiveDataEvent } | { type: 'device'; data: LiveDeviceEvent };
export type LiveListener = (message: LiveMessage) => void;

export interface LiveHub {
  /** Listen to new data and device events; returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void;
  /** The data version last seen (max received_at of recent hourly values), null before the first poll. */
  version(): number | null;
  /** Look once now (the timer does this every interval). */
  poll(): Promise<void>;
  /** Stop polling; resolves when a running poll has finished. */
  stop(): Promise<void>;
  /** Take a stream slot for a client address, or learn which cap refuses it (live-stream-limits.ts). */
  admit(address: string): StreamAdmission;
}

export interface LiveHubOptions {
  db: Db;
  log: Logger;
  now: () => number;
  /** Poll only once start-up work is done. */
  isReady: () => boolean;
  /** Default 1 s. */
  intervalMs?: number;
  /** Caps on open streams (defaults in live-stream-limits.ts). */
  streamLimits?: Partial<LiveStreamLimits>;
}

/** New hourly values are looked for among the hours of the last two days (a primary-key range scan). */
const RECENT_MS = 2 * DAY_MS;

/**
 * Watches the store for new measurements and device events, independently of whoever writes them (the
 * HJ 212 receiver, an import, the demo feed): every interval it reads the newest received_at of recent hourly
 * values and the events after the last one seen. A listener that throws is logged and does not stop others.
 */
/** One feed for every connection; live-routes.ts narrows each connection to its caller's jurisdiction. */
const EVERY_SITE = Jurisdiction.system('live hub: one feed, filtered per connection in live-routes');

export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { db, log, now } = options;
  const listeners = new Set<LiveListener>();
  const gate = createLiveStreamGate(options.streamLimits ?? {}, log, now);
  let version: number | null = null;
  let eventId: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;

  const emit = (message: LiveMessage) => {
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        log.error(`live listener failed: ${(error as Error).message}`);
      }
    }
  };

  const pollOnce = async () => {
    if (!options.isReady()) return;
    const sites = await airStations(db, EVERY_SITE);
    const t = now();
    const v = await recentDataVersion(db.db, EVERY_SITE, {
      siteIds: sites.map((s) => s.id),
      parameters: POLLUTANTS,
      since: t - RECENT_MS,
    });
    if (v !== null && v !== version) {
      version = v;
      emit({ type: 'data', data: { version: v, latestHour: await latestHour(db, EVERY_SITE, sites, t) } });
    }
    if (eventId === undefined) {
      eventId = await lastEventId(db.db);
      return;
    }
    for (const e of await deviceEventsAfter(db.db, EVERY_SITE, eventId)) {
      eventId = e.id;
      emit({ type: 'device', data: { ...e, kind: e.kind as LiveDeviceEvent['kind'] } });
    }
  };

  const poll = () => {
    running ??= pollOnce()
      .catch((error: unknown) => log.warn(`live poll failed, will retry: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void poll().finally(schedule);
    }, options.intervalMs ?? 1000);
    timer.unref();
  };
  schedule();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    poll,
    admit: gate.admit,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      listeners.clear();
      await running;
    },
  };
}
