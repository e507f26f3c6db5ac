import type { Logger } from '#services/logger.ts';

/**
 * Warnings about limits being reached, rate-limited per kind of limit: the first hit of a period is logged at
 * once, later hits of that period are counted and reported in one summary line when the period is over (at the
 * next hit or the next `flush`). A flood that hits a limit thousands of times a second writes a line a minute.
 */
export interface LimitLog {
  hit(kind: string, message: string): void;
  /** Report counts of periods that are over (called from the receiver's periodic housekeeping). */
  flush(): void;
}

interface KindState {
  since: number;
  suppressed: number;
  lastMessage: string;
}

/** Kinds are a fixed, small set chosen by the caller (never an address), so this map stays small. */
export function createLimitLog(log: Logger, everyMs: number, now: () => number): LimitLog {
  const kinds = new Map<string, KindState>();
  const summarize = (kind: string, s: KindState) => {
    log.warn(
      `limit ${kind}: reached ${s.suppressed} more time(s) in the last ${Math.round((now() - s.since) / 1000)} s (last: ${s.lastMessage})`,
    );
  };
  return {
    hit(kind, message) {
      const t = now();
      const s = kinds.get(kind);
      if (s && t - s.since < everyMs) {
        s.suppressed++;
        s.lastMessage = message;
        return;
      }
      if (s && s.suppressed > 0) summarize(kind, s);
      kinds.set(kind, { since: t, suppressed: 0, lastMessage: message });
      log.warn(`limit ${kind}: ${message}`);
    },
    flush() {
      const t = now();
      for (const [kind, s] of kinds) {
        if (t - s.since < everyMs) continue;
        if (s.suppressed > 0) summarize(kind, s);
        kinds.delete(kind);
      }
    },
  };
}
