import { expect, it } from 'vitest';
import { memoryLogger } from '#services/logger.ts';
import { createLimitLog } from './limit-log.ts';
import { createUnauthenticatedPeers } from './unauthenticated-peers.ts';

const unknown = { mn: 'X1', verdict: 'quarantined', reason: 'unknown MN (not in the device registry)' };
const wrongPw = { mn: 'QB1', verdict: 'quarantined', reason: 'wrong password (PW)' };

it('keeps a few packets per address and minute, logs the first of each kind, then one summary per period', () => {
  let t = 0;
  const log = memoryLogger();
  const peers = createUnauthenticatedPeers({ log, now: () => t, storedPerMinute: 3, everyMs: 60_000 });
  const kept = Array.from({ length: 10 }, (_, i) =>
    peers.note('10.0.0.1', `10.0.0.1:${i}`, i % 2 ? wrongPw : unknown),
  );
  expect(kept.filter(Boolean)).toHaveLength(3);
  // Another address has its own budget.
  expect(peers.note('10.0.0.2', '10.0.0.2:1', unknown)).toBe(true);
  peers.noteClosed('10.0.0.1');
  expect(log.lines).toHaveLength(3);
  peers.flush();
  expect(log.lines).toHaveLength(3);
  t = 60_000;
  peers.flush();
  expect(log.lines).toHaveLength(4);
  expect(log.lines[3]).toContain(
    '10.0.0.1: 10 unauthenticated packet(s) in 60 s (unknown MN ×5, wrong password ×5; MN X1, QB1): 3 kept raw in quarantine, 7 only counted; 1 connection(s) closed',
  );
  // A new minute keeps a few again.
  expect(peers.note('10.0.0.1', '10.0.0.1:9', unknown)).toBe(true);
});

it('stays bounded in memory whatever the number of addresses', () => {
  const log = memoryLogger();
  const peers = createUnauthenticatedPeers({
    log,
    now: () => 0,
    storedPerMinute: 1,
    everyMs: 60_000,
    capacity: 10,
  });
  for (let i = 0; i < 100; i++) peers.note(`10.0.${i}.1`, 'p', unknown);
  // Every address logs its first packet; nothing beyond it to summarize when evicted.
  expect(log.lines).toHaveLength(100);
});

it('limit warnings: the first at once, then one count per period', () => {
  let t = 0;
  const log = memoryLogger();
  const limits = createLimitLog(log, 60_000, () => t);
  for (let i = 0; i < 50; i++) limits.hit('maxConnections', `refusing peer ${i}`);
  expect(log.lines).toHaveLength(1);
  expect(log.lines[0]).toContain('limit maxConnections: refusing peer 0');
  t = 61_000;
  limits.flush();
  expect(log.lines[1]).toContain(
    'limit maxConnections: reached 49 more time(s) in the last 61 s (last: refusing peer 49)',
  );
  limits.flush();
  expect(log.lines).toHaveLength(2);
});
