import { expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { BUILTIN_SCHEDULES } from '#platform/jobs/builtin-schedules.ts';
import { defineSchedule, scheduleJob } from '#platform/jobs/jobs.ts';
import { createJobWorker } from '#platform/jobs/worker.ts';
import { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { memoryLogger } from '#services/logger.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { listSchedules } from '#store/job-schedules.repository.ts';
import { appendOutbox } from '#store/outbox.repository.ts';
import { countQuarantinedPackets, insertQuarantinedPackets } from '#store/quarantine.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
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
      ['devices.health', T0 + 15_000],
      ['jobs.prune', Date.UTC(2026, 11, 5, 16, 20)],
      ['outbox.prune', Date.UTC(2026, 11, 5, 16, 25)],
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
    // Due: quarantine.sweep and devices.health (the latter waits for a worker that handles it).
    expect(await worker.runDue()).toMatchObject({ occurrences: 2, succeeded: 1 });
    expect(await countQuarantinedPackets(h.db)).toBe(1);
    expect(log.lines.some((l) => l.includes('removed 1 packet(s) older than 7 day(s)'))).toBe(true);
    now += 60_000;
    // The sweep is not due again for an hour.
    expect(await worker.runDue()).toMatchObject({ succeeded: 0 });
  });

  it('device health is a job: a logger silent past its intervals goes offline once, with its outbox event', async () => {
    const h = current();
    const config = loadConfig({ env: {}, overrides: { db: ':memory:' } });
    const site = await upsertSite(h.db, { code: 'QB-J1', name: '任务站', kind: 'air_station' });
    await upsertDevice(h.db, {
      mn: 'JOBHEALTH0001',
      siteId: site.id,
      password: '123456',
      expectedIntervalS: 60,
      offlineAfterMissed: 3,
      factors: [{ factor: 'a34004', parameter: 'PM2.5' }],
    });
    let now = T0;
    const handlers = builtinJobHandlers({
      db: h,
      config,
      checkpoints: checkpointSettings(config),
      nodeId: 'n1',
    });
    const worker = createJobWorker({
      db: h.db,
      log: memoryLogger('error'),
      nodeId: 'n1',
      now: () => now,
      handlers: { 'devices.health': handlers['devices.health'] as (typeof handlers)[string] },
    });
    await defineSchedule(h.db, { name: 'devices.health', kind: 'devices.health', everyMs: 15_000 }, now);
    // Never heard from: counted from the first check; three intervals later it is offline, once.
    for (let i = 0; i < 20; i++) {
      now += 15_000;
      await worker.runDue();
    }
    const events = await h.db.selectFrom('events').select(['kind', 'subject']).execute();
    expect(events).toEqual([{ kind: 'device_offline', subject: 'JOBHEALTH0001' }]);
    const outbox = await h.db.selectFrom('outbox').select(['topic', 'subject', 'node']).execute();
    expect(outbox).toEqual([{ topic: 'device.offline', subject: 'JOBHEALTH0001', node: 'n1' }]);
  });

  it('outbox and job history are pruned past their retention, dead jobs kept', async () => {
    const h = current();
    const config = loadConfig({ env: {}, overrides: { db: ':memory:' } });
    await h.db.transaction().execute((trx) =>
      appendOutbox(trx, [
        { topic: 'packet.quarantined', at: T0 - 8 * DAY, payload: { mn: null, peer: 'p', reason: 'old' } },
        { topic: 'packet.quarantined', at: T0 - 1 * DAY, payload: { mn: null, peer: 'p', reason: 'new' } },
      ]),
    );
    const old = await scheduleJob(h.db, { kind: 'platform.ping', runAt: T0 - 9 * DAY }, T0 - 9 * DAY);
    const dead = await scheduleJob(h.db, { kind: 'platform.ping', runAt: T0 - 9 * DAY }, T0 - 9 * DAY);
    await h.db
      .updateTable('jobs')
      .set({ state: 'succeeded', finished_at: T0 - 8 * DAY })
      .where('id', '=', old as number)
      .execute();
    await h.db
      .updateTable('jobs')
      .set({ state: 'dead', finished_at: T0 - 8 * DAY })
      .where('id', '=', dead as number)
      .execute();
    const handlers = builtinJobHandlers({ db: h, config, checkpoints: checkpointSettings(config) });
    const ctx = { now: () => T0, log: memoryLogger('error'), signal: new AbortController().signal };
    const job = {
      id: 0,
      kind: '',
      key: null,
      payload: {},
      runAt: T0,
      attempt: 1,
      maxAttempts: 1,
      schedule: null,
    };
    await handlers['outbox.prune']?.run(job, ctx);
    await handlers['jobs.prune']?.run(job, ctx);
    const reasons = (await h.db.selectFrom('outbox').select('payload').execute()).map(
      (r) => JSON.parse(r.payload).reason,
    );
    expect(reasons).toEqual(['new']);
    expect((await h.db.selectFrom('jobs').select('id').execute()).map((r) => r.id)).toEqual([dead]);
  });
});
