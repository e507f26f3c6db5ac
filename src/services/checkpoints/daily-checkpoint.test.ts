import { expect, it } from 'vitest';
import { startupCheckpointKey } from './daily-checkpoint.ts';

it('keys the start-up checkpoint job by the Beijing date', () => {
  // 23:59:59.999 on 12-05 in Beijing, then the first instant of 12-06.
  expect(startupCheckpointKey(Date.UTC(2026, 11, 5, 15, 59, 59, 999))).toBe(
    'checkpoints.daily:start@2026-12-05',
  );
  expect(startupCheckpointKey(Date.UTC(2026, 11, 5, 16, 0, 0))).toBe('checkpoints.daily:start@2026-12-06');
});
