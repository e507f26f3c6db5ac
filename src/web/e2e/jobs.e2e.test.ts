import { describe, expect, it } from 'vitest';
import { scheduleJob } from '#platform/jobs/jobs.ts';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// 数据管理 › 任务 (issue 14): the district office sees the schedules with their next run and the jobs by state, reads
// why a job died, retries it and cancels a waiting one — in real headless Chromium against the demo platform.
const available = chromiumOrWarn('jobs page');
const demo = useDemoBrowser({ days: 1, available });

describe.skipIf(!available)('任务 in Chromium', () => {
  it('shows schedules and a dead job with its error; retry and cancel work', async () => {
    const db = demo.platform.db.db;
    const now = Date.now();
    const dead = (await scheduleJob(db, { kind: 'report.send', runAt: now - 60_000 }, now)) as number;
    await db
      .updateTable('jobs')
      .set({ state: 'dead', attempts: 5, last_error: 'SMTP 550 邮箱不可用', finished_at: now })
      .where('id', '=', dead)
      .execute();
    const later = (await scheduleJob(db, { kind: 'case.deadline', runAt: now + 86_400_000 }, now)) as number;

    const page = await demo.open('/login?next=/admin/jobs');
    await demo.signIn(page, 'demo-office-admin');
    await page.waitForSelector(
      '[data-page="admin-jobs"] [data-schedules] tr[data-schedule="checkpoints.daily"]',
    );
    expect(await page.locator('[data-schedule="checkpoints.daily"]').textContent()).toContain(
      '5 0 * * * (Asia/Shanghai)',
    );
    expect(await page.locator('[data-data-tab="admin-jobs"]').textContent()).toBe('任务');

    await page.click('[data-job-state="dead"]');
    const row = page.locator(`[data-jobs] tr[data-job="${dead}"]`);
    await row.waitFor();
    expect(await row.locator('[data-last-error]').textContent()).toBe('SMTP 550 邮箱不可用');
    expect(await row.textContent()).toContain('失败（死信）');
    await row.locator('[data-retry]').click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-notice]')?.textContent?.includes(`任务 ${id} 已重新排期`),
      dead,
    );

    await page.click('[data-job-state="scheduled"]');
    const waiting = page.locator(`[data-jobs] tr[data-job="${later}"]`);
    await waiting.waitFor();
    await waiting.locator('[data-cancel]').click();
    await waiting.locator('[data-confirm-yes]').click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-notice]')?.textContent?.includes(`任务 ${id} 已取消`),
      later,
    );
    const state = await db
      .selectFrom('jobs')
      .select('state')
      .where('id', '=', later)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe('cancelled');
  });
});
