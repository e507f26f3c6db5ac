/**
 * How long a failed job waits before its next attempt (issue 14): exponential from `baseMs`, doubling per failed
 * attempt, capped at `capMs`, so a job that fails because a neighbour is down does not hammer it, and a long
 * outage still retries at least once per cap. Optional jitter spreads retries of many jobs that failed together;
 * it takes its random number from the caller, so tests (and the fake clock) stay deterministic.
 */
export interface Backoff {
  baseMs: number;
  capMs: number;
  /** 0..1: the delay is shortened by up to this fraction at random (0 = none). */
  jitter: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 10_000, capMs: 60 * 60_000, jitter: 0 };

/** The delay after the `attempt`-th failed attempt (1-based); `random` in [0, 1). */
export function backoffDelay(attempt: number, backoff: Backoff = DEFAULT_BACKOFF, random = 0): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 40));
  const delay = Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent);
  const jitter = Math.min(1, Math.max(0, backoff.jitter));
  return Math.round(delay * (1 - jitter * random));
}
