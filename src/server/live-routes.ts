import type { OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { ErrorBody } from '#contract/common.ts';
import type { LiveMessage } from '#services/live-hub.ts';
import type { AppDeps } from './app.ts';

/** Seconds between keep-alive comments, so proxies and browsers keep an idle stream open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * GET /api/live: server-sent events. `hello` on connect ({version}), then `data` ({version, latestHour}) when
 * new hourly values arrive and `device` ({id, at, kind, mn, site}) when a device goes offline or comes back.
 */
export function registerLiveRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.get('/api/live', (c) => {
    const hub = deps.live;
    if (!hub) {
      const body: ErrorBody = {
        error: { code: 'no_live', message: '实时推送未启用 / live updates are off' },
      };
      return c.json(body, 503);
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
        void send(m.type, m.data);
      });
      stream.onAbort(() => unsubscribe());
      await send('hello', { version: hub.version() });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(KEEP_ALIVE_MS);
        if (stream.aborted || stream.closed) break;
        await send('ping', {});
      }
      unsubscribe();
    });
  });
}
