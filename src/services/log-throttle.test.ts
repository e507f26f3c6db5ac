import { expect, it } from 'vitest';
import { logThrottle } from './log-throttle.ts';

it('lets one line a period through per kind, with how many events it stands for', () => {
  let t = 0;
  const shouldLog = logThrottle(() => t, 60_000);
  expect(shouldLog('a')).toBe(1);
  t = 1_000;
  expect([shouldLog('a'), shouldLog('a'), shouldLog('b')]).toEqual([undefined, undefined, 1]);
  t = 59_999;
  expect(shouldLog('a')).toBeUndefined();
  t = 60_000;
  // The three held back and this one.
  expect(shouldLog('a')).toBe(4);
  t = 200_000;
  expect(shouldLog('a')).toBe(1);
});
