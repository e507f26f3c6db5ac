/**
 * The demo's live feed: every `intervalMs` it writes each hour that has ended since the last stored one, for
 * every SAMPLE station present in the database. After downtime the first tick catches up; afterwards each
 * new hour appears within one interval of its end. Values come from the same deterministic model as the
 * seeded history, so the series joins up seamlessly.
 */
import type { Kysely } from 'kysely';
import { notifyOutboxCommitted } from '#platform/outbox/outbox-wake.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Database } from '#store/database.ts';
import { appendOutbox } from '#store/outbox.repository.ts';
import { listSites } from '#store/sites.repository.ts';
import type { Logger } from '../services/logger.ts';
import { type FeedSite, fillHours, HOUR, lastCompleteHour } from './demo-fill.ts';
import { DEMO_SITES, demoSiteByCode } from './demo-sites.ts';

export interface LiveFeedOptions {
  /** Current time (epoch ms); a fake clock in tests. */
  clock: () => number;
  /** Time between ticks. Default one minute. */
  intervalMs?: number;
  /** Run the first tick at once (default) rather than after one interval. */
  immediate?: boolean;
  log: Logger;
}

export interface LiveFeed {
  /** Write the hours completed since the last stored one; returns the number of values written. */
  tick(): Promise<number>;
  /** Stop scheduling and wait for a running tick to finish. */
  stop(): Promise<void>;
}

/** The sample stations present in the database, with the model's seed and factor. */
async function storedDemoSites(db: Kysely<Database>): Promise<FeedSite[]> {
  const stored = await listSites(db, Jurisdiction.system('demo feed'), {
    codes: DEMO_SITES.map((s) => s.code),
    isSample: true,
  });
  const out: FeedSite[] = [];
  for (const site of stored) {
    const demo = demoSiteByCode(site.code);
    if (demo) out.push({ id: site.id, code: site.code, seed: demo.seed, factor: demo.factor });
  }
  return out;
}

/**
 * Start the feed. A station without any stored hour starts at the last complete hour (history is the seed's
 * job). Ticks never overlap: the timer schedules the next tick only after the current one ends, and direct
 * `tick()` calls queue behind a running one. A failing tick is logged; the next one retries.
 */
export function startLiveFeed(db: Kysely<Database>, options: LiveFeedOptions): LiveFeed {
  const { clock, intervalMs = 60_000, immediate = true, log } = options;
  let running: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let warnedNoSites = false;

  const runOnce = async (): Promise<number> => {
    const now = clock();
    const sites = await storedDemoSites(db);
    if (sites.length === 0) {
      if (!warnedNoSites) log.warn('no sample stations in the database: run the demo seed first');
      warnedNoSites = true;
      return 0;
    }
    warnedNoSites = false;
    const to = lastCompleteHour(now);
    // Each station resumes right after its latest stored hour; one with nothing stored starts at `to`.
    const { hours, values } = await fillHours(db, sites, {
      from: Number.NEGATIVE_INFINITY,
      to,
      emptyFrom: to,
      receivedAt: now,
    });
    if (values > 0) {
      // The live updates follow the outbox (issue 14). Written after fillHours' own commits: a demo feed, where an
      // event lost to a crash between the two costs one dashboard refresh.
      await appendOutbox(db, [{ topic: 'measurements.stored', at: now, payload: { values, spans: [] } }]);
      notifyOutboxCommitted(db);
      const hoursBehind = Math.round(hours / sites.length);
      log.info(
        `live feed: ${values} values up to ${new Date(to + HOUR).toISOString()}` +
          (hoursBehind > 1 ? ` (caught up ${hoursBehind} hours)` : ''),
      );
    }
    return values;
  };

  const runLogged = async (): Promise<number> => {
    try {
      return await runOnce();
    } catch (error) {
      log.error(
        `live feed tick failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    }
  };

  const tick = (): Promise<number> => {
    const next = running.then(runLogged);
    running = next.catch(() => 0);
    return next;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      tick()
        // Already logged by the tick; the next scheduled tick retries.
        .catch(() => undefined)
        .finally(() => schedule(intervalMs));
    }, delay);
    timer.unref();
  };

  schedule(immediate ? 0 : intervalMs);

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
