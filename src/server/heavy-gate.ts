import type { MiddlewareHandler } from 'hono';
import type { ErrorBody } from '#contract/common.ts';
import type { Logger } from '#services/logger.ts';
import type { HttpLimits } from './http-limits.ts';

/** Least time between two "heavy requests refused" warnings, so a flood is one line a minute, not one a request. */
const WARN_EVERY_MS = 60_000;

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
  let refusedSinceWarn = 0;
  let lastWarnAt = Number.NEGATIVE_INFINITY;

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
      refusedSinceWarn++;
      if (clock() - lastWarnAt >= WARN_EVERY_MS) {
        log.warn(
          `heavy requests refused (${refusedSinceWarn} since last warning): ${running} running, ` +
            `${waiting.length} queued; raise httpLimits.heavyConcurrent/heavyQueued if this is real demand`,
        );
        lastWarnAt = clock();
        refusedSinceWarn = 0;
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
