import { createLogger, type Logger } from '#services/logger.ts';
import type { NewOutboxEvent } from '#store/outbox.repository.ts';

/** A device.online event whose subject names it (tests tell events apart by subject). */
export function onlineEvent(mn: string, at = Date.now()): NewOutboxEvent {
  return { topic: 'device.online', at, subject: mn, payload: { mn, siteId: 1, at, offlineSince: null } };
}

/** Resolve when `check` holds, polling every 5 ms; reject after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A logger that keeps its lines (asserted on) and prints nothing. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger('debug', 'test', (line) => lines.push(line)),
    { lines },
  );
}
