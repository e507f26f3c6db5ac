import type { MiddlewareHandler } from 'hono';
import type { ErrorBody } from '#contract/common.ts';
import { logThrottle } from '#services/log-throttle.ts';
import type { Logger } from '#services/logger.ts';
import type { HttpLimits } from './http-limits.ts';

/**
 * A bound on heavy requests in flight: `heavyConcurrent` compute, `heavyQueued` wait their turn (first come,
 * first served), any more are refused at once with 503 and Retry-After (RFC 9110 §15.6.4) — the server is
 * busy, not the client at fault, and a refusal costs nothing. The slicing inside each computation keeps the
 * event loop turning; this keeps the number of computations, and their memory, small.
 */
export function heavyGate(
  limits: Pick<HttpLimits, 'heavyConcurrent' | 'heavyQueued' | 'retryAfterSeconds'>,
  log: Logger,
  clock: () => number = Date.now,
): MiddlewareHandler {
  let running = 0;
  const waiting: (() => void)[] = [];
  // "Heavy requests refused" at most once a minute, so a flood is one line a minute, not one a request.
  const shouldWarn = logThrottle(clock);

  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the next in line, so `running` stays as it is.
    if (next) next();
    else running--;
  };

  return async (c, next) => {
    if (running < limits.heavyConcurrent) {
      running++;
    } else if (waiting.length < limits.heavyQueued) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      const refused = shouldWarn('refused');
      if (refused !== undefined) {
        log.warn(
          `heavy requests refused (${refused} since last warning): ${running} running, ` +
            `${waiting.length} queued; raise httpLimits.heavyConcurrent/heavyQueued if this is real demand`,
        );
      }
      c.header('Retry-After', String(limits.retryAfterSeconds));
      const body: ErrorBody = {
        error: {
          code: 'busy',
          message: '服务器繁忙，请稍后重试 / server busy with other reports, retry later',
        },
      };
      return c.json(body, 503);
    }
    try {
      await next();
    } finally {
      release();
    }
  };
}
