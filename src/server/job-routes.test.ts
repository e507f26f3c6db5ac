import { describe, expect, it } from 'vitest';
import { jobActionAnswer, jobsAnswer } from '#contract/jobs.ts';
import { defineSchedule, scheduleJob } from '#platform/jobs/jobs.ts';
import { listAudit } from '#store/audit-log.repository.ts';
import { ADMIN_PASSWORD, type AuthTestApp, T0, USER_PASSWORD, useAuthTestApp } from './auth-test-support.ts';

let t: AuthTestApp;
useAuthTestApp((app) => {
  t = app;
});

async function as(username: string, password: string) {
  const { cookie, csrf } = await t.login(username, password);
  return (method: string, path: string) =>
    t.request(path, {
      method,
      headers: { cookie, 'X-CSRF-Token': csrf, 'content-type': 'application/json' },
    });
}

describe('/api/jobs (issue 14)', () => {
  it('shows the office the jobs by state and kind, paged, with the schedules; retry and cancel are audited', async () => {
    const db = t.db.db;
    await defineSchedule(db, { name: 'quarantine.sweep', kind: 'quarantine.sweep', everyMs: 3_600_000 }, T0);
    const dead = (await scheduleJob(db, { kind: 'report.send', runAt: T0 }, T0)) as number;
    await db
      .updateTable('jobs')
      .set({ state: 'dead', attempts: 5, last_error: 'timeout', finished_at: T0 })
      .where('id', '=', dead)
      .execute();
    for (let i = 0; i < 3; i++) await scheduleJob(db, { kind: 'case.deadline', runAt: T0 + i }, T0);
    const send = await as('boss', ADMIN_PASSWORD);

    const res = await send('GET', '/api/jobs?kind=case.deadline&pageSize=2&page=2');
    expect(res.status).toBe(200);
    const page = jobsAnswer.parse(await res.json());
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.jobs.map((j) => j.runAt)).toEqual([T0]);
    expect(page.counts).toMatchObject({ scheduled: 3, dead: 1 });
    expect(page.schedules).toEqual([
      expect.objectContaining({ name: 'quarantine.sweep', everyMs: 3_600_000, nextRunAt: T0 + 3_600_000 }),
    ]);
    const deadOnly = jobsAnswer.parse(await (await send('GET', '/api/jobs?state=dead')).json());
    expect(deadOnly.jobs.map((j) => [j.id, j.lastError])).toEqual([[dead, 'timeout']]);
    expect((await send('GET', '/api/jobs?state=failed')).status).toBe(400);

    const retried = await send('POST', `/api/jobs/${dead}/retry`);
    expect(retried.status).toBe(200);
    expect(jobActionAnswer.parse(await retried.json()).job).toMatchObject({ id: dead, state: 'scheduled' });
    expect((await send('POST', `/api/jobs/${dead}/retry`)).status).toBe(409);
    const cancelled = await send('POST', `/api/jobs/${dead}/cancel`);
    expect(jobActionAnswer.parse(await cancelled.json()).job.state).toBe('cancelled');
    expect((await send('POST', '/api/jobs/999999/cancel')).status).toBe(404);
    const audit = await listAudit(db, 20);
    expect(audit.filter((a) => a.entity === 'job').map((a) => [a.actor, a.action])).toEqual(
      expect.arrayContaining([
        ['boss', 'job_retry'],
        ['boss', 'job_cancel'],
      ]),
    );
  });

  it('refuses a township user (403) and an anonymous caller (401)', async () => {
    const send = await as('jinshan', USER_PASSWORD);
    expect((await send('GET', '/api/jobs')).status).toBe(403);
    expect((await send('POST', '/api/jobs/1/retry')).status).toBe(403);
    expect((await t.request('/api/jobs')).status).toBe(401);
  });
});
