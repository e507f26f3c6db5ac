/**
 * Rate-limits a log line per kind, so a flood that hits a limit thousands of times a second writes one line a
 * period, not one an event. Returns, when the event should be logged, how many events of that kind there were
 * since the last line (this one included, so 1 means "no others"); `undefined` when it should stay silent. Kinds
 * are a small fixed set chosen by the caller (a scope, a cap), never an address, so the map stays small.
 */
export function logThrottle(now: () => number, everyMs = 60_000): (kind: string) => number | undefined {
  const last = new Map<string, { at: number; count: number }>();
  return (kind) => {
    const at = now();
    const entry = last.get(kind);
    if (entry && at - entry.at < everyMs) {
      entry.count += 1;
      return undefined;
    }
    last.set(kind, { at, count: 0 });
    return (entry?.count ?? 0) + 1;
  };
}
