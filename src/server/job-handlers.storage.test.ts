import { expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { BUILTIN_SCHEDULES } from '#platform/jobs/builtin-schedules.ts';
import { defineSchedule } from '#platform/jobs/jobs.ts';
import { createJobWorker } from '#platform/jobs/worker.ts';
import { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { memoryLogger } from '#services/logger.ts';
import { listSchedules } from '#store/jobs.repository.ts';
import { countQuarantinedPackets, insertQuarantinedPackets } from '#store/quarantine.repository.ts';
import { forEachEngine } from '#store/test-engines.ts';
import { builtinJobHandlers } from './job-handlers.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 5, 2, 0, 0);

const stranger = (receivedAt: number) => ({
  received_at: receivedAt,
  peer: '10.0.0.9:5000',
  mn: 'STRANGER',
  cn: '2011',
  qn: null,
  bytes: Buffer.from('##0010x\r\n'),
  verdict: 'quarantined' as const,
  reason: 'unknown MN (not in the device registry)',
});

// The quarantine expiry is the hourly durable job quarantine.sweep (issue 14), not a timer of each receiver.
forEachEngine('built-in jobs', (current) => {
  it('the hourly quarantine sweep removes what is past the configured retention, on one node', async () => {
    const h = current();
    const config = loadConfig({
      env: {},
      overrides: { db: ':memory:', receiverLimits: { quarantineRetentionDays: 7 } },
    });
    for (const s of BUILTIN_SCHEDULES) await defineSchedule(h.db, s, T0);
    expect((await listSchedules(h.db)).map((s) => [s.name, s.next_run_at])).toEqual([
      ['checkpoints.daily', Date.UTC(2026, 11, 5, 16, 5)],
      ['quarantine.sweep', T0 + 3_600_000],
    ]);
    await insertQuarantinedPackets(h.db, [stranger(T0 - 8 * DAY), stranger(T0 - 6 * DAY)]);
    let now = T0 + 3_600_000;
    const log = memoryLogger('debug');
    const handlers = builtinJobHandlers({ db: h, config, checkpoints: checkpointSettings(config) });
    const worker = createJobWorker({
      db: h.db,
      log,
      nodeId: 'n1',
      now: () => now,
      handlers: { 'quarantine.sweep': handlers['quarantine.sweep'] as (typeof handlers)[string] },
    });
    expect(await worker.runDue()).toMatchObject({ occurrences: 1, succeeded: 1 });
    expect(await countQuarantinedPackets(h.db)).toBe(1);
    expect(log.lines.some((l) => l.includes('removed 1 packet(s) older than 7 day(s)'))).toBe(true);
    now += 60_000;
    expect(await worker.runDue()).toMatchObject({ occurrences: 0, succeeded: 0 });
  });
});
