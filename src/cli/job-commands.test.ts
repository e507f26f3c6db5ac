import { beforeAll, expect, it } from 'vitest';
import type { JobsAnswer } from '#contract/jobs.ts';
import { defineSchedule, scheduleJob } from '#platform/jobs/jobs.ts';
import { listAudit } from '#store/audit-log.repository.ts';
import { findJob } from '#store/jobs.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { runQingshan } from '../test-support/run-cli.ts';

// `qingshan jobs list|retry|cancel`: the real CLI in a child process against a SQLite file.
const DB = tempDbPath();
const qingshan = (...args: string[]) => runQingshan(['--db', DB, ...args]);
const T0 = Date.UTC(2026, 11, 5, 2, 0, 0);
let dead = 0;
let waiting = 0;

beforeAll(async () => {
  const { db, close } = await openDb(DB);
  await migrateToLatest(db);
  await defineSchedule(db, { name: 'checkpoints.daily', kind: 'checkpoints.daily', cron: '5 0 * * *' }, T0);
  dead = (await scheduleJob(db, { kind: 'report.send', runAt: T0, payload: { to: 'office' } }, T0)) as number;
  await db
    .updateTable('jobs')
    .set({ state: 'dead', attempts: 5, last_error: 'SMTP 550 mailbox unavailable', finished_at: T0 })
    .where('id', '=', dead)
    .execute();
  waiting = (await scheduleJob(
    db,
    { kind: 'case.deadline', runAt: T0 + 86_400_000, key: 'case:9' },
    T0,
  )) as number;
  await close();
});

it('lists the jobs with their state and last error, and the schedules with their next run', async () => {
  const r = await qingshan('jobs', 'list');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('失败（死信） dead');
  expect(r.stdout).toContain('SMTP 550 mailbox unavailable');
  expect(r.stdout).toContain(
    "checkpoints.daily (checkpoints.daily) cron '5 0 * * *' Asia/Shanghai → next 2026-12-05T16:05:00.000Z",
  );
  const json = JSON.parse(
    (await qingshan('jobs', 'list', '--state', 'dead', '--format', 'json')).stdout,
  ) as JobsAnswer;
  expect(json.jobs.map((j) => [j.id, j.kind, j.lastError])).toEqual([
    [dead, 'report.send', 'SMTP 550 mailbox unavailable'],
  ]);
  expect(json.counts).toMatchObject({ dead: 1, scheduled: 1 });
  const byKind = JSON.parse(
    (await qingshan('jobs', 'list', '--kind', 'case.deadline', '--format', 'json')).stdout,
  );
  expect((byKind as JobsAnswer).jobs.map((j) => j.id)).toEqual([waiting]);
});

it('refuses an unknown state', async () => {
  const r = await qingshan('jobs', 'list', '--state', 'failed');
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('state');
});

it('retries a dead job and cancels a scheduled one, audited; refuses what its state does not allow', async () => {
  const retry = await qingshan('jobs', 'retry', String(dead), '--by', '张三');
  expect(retry.code, retry.stderr).toBe(0);
  expect(retry.stdout).toContain(`job ${dead} (report.send) → scheduled`);
  const again = await qingshan('jobs', 'retry', String(dead));
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('only a dead or cancelled job can be retried (scheduled)');
  const cancel = await qingshan('jobs', 'cancel', String(waiting), '--by', '张三');
  expect(cancel.code, cancel.stderr).toBe(0);
  const missing = await qingshan('jobs', 'cancel', '999999');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no job 999999');

  const { db, close } = await openDb(DB);
  try {
    expect(await findJob(db, dead)).toMatchObject({
      state: 'scheduled',
      max_attempts: 10,
      last_error: 'SMTP 550 mailbox unavailable',
    });
    expect(await findJob(db, waiting)).toMatchObject({ state: 'cancelled' });
    const audit = await listAudit(db);
    expect(audit.map((a) => [a.actor, a.action, a.entity_id])).toEqual(
      expect.arrayContaining([
        ['张三', 'job_retry', String(dead)],
        ['张三', 'job_cancel', String(waiting)],
      ]),
    );
  } finally {
    await close();
  }
});
