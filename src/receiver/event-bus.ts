import type { Logger } from '#services/logger.ts';

/**
 * A typed, in-process event bus between ingest, rules, cases and notifications (conventions §6). Each listener
 * is registered under a name; one that throws (or whose promise rejects) is logged by that name and does not
 * stop the others. `emit` never throws and never waits for async listeners.
 */
export type EventMap = { [K: string]: unknown };

export type Listener<T> = (payload: T) => void | Promise<void>;

export interface EventBus<E extends EventMap> {
  /** Returns a function that removes the listener. */
  on<K extends keyof E & string>(event: K, name: string, listener: Listener<E[K]>): () => void;
  emit<K extends keyof E & string>(event: K, payload: E[K]): void;
  listenerCount(event: keyof E & string): number;
}

export function createEventBus<E extends EventMap>(log: Logger): EventBus<E> {
  const listeners = new Map<string, { name: string; fn: Listener<never> }[]>();

  const fail = (event: string, name: string, err: unknown) =>
    log.error(`listener "${name}" of ${event} failed: ${(err as Error)?.stack ?? String(err)}`);

  return {
    on(event, name, fn) {
      const entry = { name, fn: fn as Listener<never> };
      const list = listeners.get(event) ?? [];
      list.push(entry);
      listeners.set(event, list);
      return () => {
        const current = listeners.get(event) ?? [];
        listeners.set(
          event,
          current.filter((l) => l !== entry),
        );
      };
    },
    emit(event, payload) {
      // A copy: a listener that unsubscribes while we iterate does not skip its neighbour.
      for (const { name, fn } of [...(listeners.get(event) ?? [])]) {
        try {
          const result = (fn as Listener<typeof payload>)(payload);
          if (result instanceof Promise) result.catch((err: unknown) => fail(event, name, err));
        } catch (err) {
          fail(event, name, err);
        }
      }
    },
    listenerCount(event) {
      return listeners.get(event)?.length ?? 0;
    },
  };
}
