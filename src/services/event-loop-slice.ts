import { setImmediate as immediate } from 'node:timers/promises';

/**
 * Cooperative yielding for long computations on the main thread, which the HJ 212 receiver shares: a loop calls
 * the returned function between units of work, and it gives the event loop a turn (setImmediate: after pending
 * I/O, so packets waiting on sockets are read and answered) once `sliceMs` has passed since the last turn.
 * Cheap requests never yield; a ten-year report yields every few tens of milliseconds instead of blocking for a
 * second or more.
 */
export type Slicer = () => Promise<void>;

/** Longest stretch of computation between two turns of the event loop, by default. */
export const DEFAULT_SLICE_MS = 15;

export function eventLoopSlicer(
  sliceMs = DEFAULT_SLICE_MS,
  clock: () => number = performance.now.bind(performance),
): Slicer {
  let since = clock();
  return async () => {
    if (clock() - since < sliceMs) return;
    await immediate();
    since = clock();
  };
}
