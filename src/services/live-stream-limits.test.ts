import { expect, it } from 'vitest';
import { createLiveStreamGate, openFileLimit } from './live-stream-limits.ts';
import { memoryLogger } from './logger.ts';

it('admits streams up to the caps and gives places back once', () => {
  const log = memoryLogger();
  const gate = createLiveStreamGate({ maxStreams: 3, maxStreamsPerAddress: 2 }, log, () => 0);
  const a = gate.admit('a');
  expect(gate.admit('a').ok).toBe(true);
  expect(gate.admit('a')).toMatchObject({ ok: false, status: 429, code: 'too_many_streams' });
  expect(gate.admit('b').ok).toBe(true);
  expect(gate.admit('c')).toMatchObject({ ok: false, status: 503, code: 'live_busy' });
  if (!a.ok) throw new Error('admitted');
  a.release();
  a.release();
  expect(gate.open).toBe(2);
  expect(gate.admit('c').ok).toBe(true);
  expect(log.lines).toHaveLength(2);
});

it('reads the soft open-file limit from /proc/self/limits', () => {
  const text = [
    'Limit                     Soft Limit           Hard Limit           Units',
    'Max open files            20000                524288               files',
  ].join('\n');
  expect(openFileLimit(() => text)).toBe(20000);
  expect(
    openFileLimit(() => 'Max open files            unlimited            unlimited            files'),
  ).toBe(undefined);
  expect(
    openFileLimit(() => {
      throw new Error('no /proc');
    }),
  ).toBe(undefined);
});
