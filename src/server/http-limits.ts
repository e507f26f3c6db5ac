/**
 * What one HTTP request may cost (issue 11): the body it may send, and how many heavy requests (period
 * reports, exports, long series) run at once. Overridable from the config file (`httpLimits`).
 */
export interface HttpLimits {
  /** Largest request body in bytes; every JSON body of the API is a few kilobytes. */
  maxBodyBytes: number;
  /** Heavy requests computing at once; two cores, and the HJ 212 receiver shares the main thread. */
  heavyConcurrent: number;
  /** Heavy requests waiting for a turn; beyond that they are refused with 503 and Retry-After. */
  heavyQueued: number;
  /** Seconds a refused client is asked to wait (Retry-After). */
  retryAfterSeconds: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxBodyBytes: 1024 * 1024,
  heavyConcurrent: 2,
  heavyQueued: 8,
  retryAfterSeconds: 5,
};

/**
 * The routes whose work grows with the period and the number of sites asked for; the overview is cached, the
 * snapshot covers two days, so they stay outside.
 */
export const HEAVY_ROUTES: readonly string[] = [
  '/api/air/report',
  '/api/air/daily',
  '/api/air/targets',
  '/api/dashboard/hours',
  '/api/dashboard/days',
  '/api/dashboard/export',
];
