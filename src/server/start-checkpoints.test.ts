import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { memoryLogger } from '#services/logger.ts';
import { findJobByKey } from '#store/jobs.repository.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { startPlatform } from './start.ts';

// The serve process checkpoints the chains at start (then daily at 00:05 Beijing, a durable schedule); a restart on the same
// day with the same heads adds nothing. Fixed clock: 2026-12-05 10:00 in Beijing.
it('writes the day’s checkpoints at start, once per head and day across restarts, the key never logged', async () => {
  const db = tempDbPath();
  const config = loadConfig({
    env: {},
    overrides: { db, httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false },
  });
  const now = () => Date.UTC(2026, 11, 5, 2, 0, 0);
  const log = memoryLogger('debug');
  for (let start = 0; start < 2; start++) {
    const platform = await startPlatform(config, { log, now });
    await platform.ready;
    // A durable job keyed by the Beijing date (issue 14): done on the first start, not added again on the second.
    await vi.waitFor(
      async () => {
        const job = await findJobByKey(platform.db.db, 'checkpoints.daily:start@2026-12-05');
        expect(job?.state).toBe('succeeded');
      },
      { timeout: 10_000 },
    );
    await platform.close();
  }
  const file = join(dirname(db), 'checkpoints.jsonl');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines.map((l) => (JSON.parse(l) as { chain: string }).chain)).toEqual(['audit_log', 'raw_packets']);
  const key = readFileSync(join(dirname(db), 'checkpoint-key.pem'), 'utf8').split('\n')[1] as string;
  expect(log.lines.join('\n')).not.toContain(key.slice(0, 16));
  expect(log.lines.filter((l) => l.includes('[test:jobs:checkpoints.daily] checkpoint: '))).toHaveLength(2);
});
