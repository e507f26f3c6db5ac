import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ErrorBody } from '#contract/common.ts';
import { liveEventData } from '#contract/dashboard.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { LiveMessage } from '#services/live-hub.ts';
import type { Db } from '#store/open-db.ts';
import { listSites } from '#store/sites.repository.ts';
import type { AppDeps } from './app.ts';
import { clientAddress } from './auth-middleware.ts';
import { errorAnswer } from './openapi-responses.ts';
import { principalOf } from './route-access.ts';

/** Seconds between keep-alive comments, so proxies and browsers keep an idle stream open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Which device events a subscriber may receive: those of sites within its events:read reach, and those of the
 * air stations it reads air quality of (a station's online/offline state is shown on the published map).
 * Taken once per connection; a site added later reaches the subscriber on its next connection.
 */
async function deviceEventFilter(db: Db, c: Context): Promise<(site: string | null) => boolean> {
  const principal = principalOf(c);
  const events = Jurisdiction.of(principal, 'events:read');
  if (events.all) return () => true;
  const air = Jurisdiction.of(principal, 'air:read');
  const [a, b] = await Promise.all([
    listSites(db.db, events),
    listSites(db.db, air, { kind: 'air_station' }),
  ]);
  const codes = new Set([...a, ...b].map((s) => s.code));
  return (site) => site !== null && codes.has(site);
}

/**
 * GET /api/live: server-sent events. `hello` on connect ({version}), then `data` ({version, latestHour}) when
 * new hourly values arrive and `device` ({id, at, kind, mn, site}) when a device goes offline or comes back.
 */
export function registerLiveRoutes(app: OpenAPIHono, deps: AppDeps): void {
  // A stream is not a createRoute answer: documented here, served by the plain route below.
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/live',
    summary: 'Server-sent events: hello, data (new hourly values), device (offline/online), ping',
    responses: {
      200: {
        content: { 'text/event-stream': { schema: liveEventData } },
        description:
          'the stream; each event’s data is JSON of LIVE_EVENTS[event] (src/contract/dashboard.ts)',
      },
      429: errorAnswer('此地址的实时连接过多 / too many streams from this address (Retry-After)'),
      503: errorAnswer('实时推送未启用或连接已满 / live updates off, or too many streams (Retry-After)'),
    },
  });
  app.get('/api/live', async (c) => {
    const hub = deps.live;
    if (!hub) {
      const body: ErrorBody = {
        error: { code: 'no_live', message: '实时推送未启用 / live updates are off' },
      };
      return c.json(body, 503);
    }
    // Capped per address and in total before any work (issue 11: uncapped streams exhausted descriptors).
    const admission = hub.admit(clientAddress(c));
    if (!admission.ok) {
      const body: ErrorBody = { error: { code: admission.code, message: admission.message } };
      c.header('Retry-After', '30');
      return c.json(body, admission.status);
    }
    const { release } = admission;
    let mayReceive: (site: string | null) => boolean;
    try {
      mayReceive = await deviceEventFilter(deps.db, c);
    } catch (err) {
      release();
      throw err;
    }
    c.header('Cache-Control', 'no-cache');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let chain = Promise.resolve();
      // Writes go one after another, in the order the hub emitted them.
      const send = (event: string, data: unknown) => {
        chain = chain
          .then(() => stream.writeSSE({ event, data: JSON.stringify(data) }))
          .catch(() => undefined);
        return chain;
      };
      const unsubscribe = hub.subscribe((m: LiveMessage) => {
        if (m.type === 'device' && !mayReceive(m.data.site)) return;
        void send(m.type, m.data);
      });
      stream.onAbort(() => {
        unsubscribe();
        release();
      });
      try {
        await send('hello', { version: hub.version() });
        while (!stream.aborted && !stream.closed) {
          await stream.sleep(KEEP_ALIVE_MS);
          if (stream.aborted || stream.closed) break;
          await send('ping', {});
        }
      } finally {
        unsubscribe();
        release();
      }
    });
  });
}
