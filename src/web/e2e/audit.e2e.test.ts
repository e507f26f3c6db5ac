import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// The audit trail page and a user's own sites, in real headless Chromium against the whole platform (a 3-day
// demo with its demo users, one per role, password qingshan-demo).
const available = chromiumOrWarn('audit');
const demo = useDemoBrowser({ days: 3, available });

const { open, signIn, errors } = demo;

describe.skipIf(!available)('the audit trail and own sites in Chromium', () => {
  it('the office admin assigns a site to demo-inspector and finds the change in 审计日志', async () => {
    const page = await open('/login?next=/admin/users');
    await signIn(page, 'demo-office-admin');
    const row = page.locator('[data-users] tr[data-user="demo-inspector"]');
    await row.waitFor();
    // 「关联站点」 only for users whose roles reach their own sites (inspector, enterprise).
    expect(
      await page.locator('[data-users] tr[data-user="demo-township"] [data-action="sites"]').count(),
    ).toBe(0);
    expect(
      await page.locator('[data-users] tr[data-user="demo-enterprise"] [data-action="sites"]').count(),
    ).toBe(1);
    await row.locator('[data-action="sites"]').click();

    const panel = page.locator('[data-user-sites="demo-inspector"]');
    await panel.locator('[data-site-group="outlet"]').waitFor();
    // Outlets and air stations apart, with their names; the demo inspector holds QB-E01 and QB-E02.
    const outlets = panel.locator('[data-site-group="outlet"]');
    expect(await outlets.locator('legend').textContent()).toContain('排口');
    expect(await outlets.locator('input[value="QB-E01"]').isChecked()).toBe(true);
    expect(await outlets.locator('input[value="QB-E03"]').isChecked()).toBe(false);
    const stations = panel.locator('[data-site-group="air_station"]');
    expect(await stations.locator('legend').textContent()).toContain('空气监测站');
    expect(await stations.locator('label:has(input[value="QB-T01"])').textContent()).toMatch(/\S+QB-T01$/);
    expect(await panel.locator('[data-save-sites]').isDisabled()).toBe(true);
    await stations.locator('label:has(input[value="QB-T01"])').click();
    await panel.locator('[data-save-sites]').click();
    await page.waitForSelector('[data-notice="ok"]');
    expect(await page.locator('[data-notice="ok"]').textContent()).toContain(
      '已保存 demo-inspector 的关联站点（3 个）',
    );

    // Opening the panel again reads the saved sites.
    await row.locator('[data-action="sites"]').click();
    await panel.locator('[data-site-group="air_station"]').waitFor();
    expect(await panel.locator('input[value="QB-T01"]').isChecked()).toBe(true);

    await page.click('nav [data-nav="admin-audit"]');
    await page.waitForSelector('[data-page="admin-audit"] [data-audit]');
    expect(await page.locator('nav [data-nav="admin-audit"]').textContent()).toBe('审计日志');
    await page.selectOption('[data-audit-filters] select[name="action"]', 'set_sites');
    await page.click('[data-apply-filter]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-audit] tbody tr[data-audit-entry]')].every(
        (r) => r.getAttribute('data-action') === 'set_sites',
      ),
    );
    const entry = page.locator('[data-audit] tbody tr[data-audit-entry]').first();
    expect(await entry.textContent()).toContain('demo-office-admin');
    expect(await entry.textContent()).toContain('设置关联站点');
    expect(await entry.locator('[data-col="entity"]').textContent()).toBe('用户 demo-inspector');
    expect(await entry.locator('[data-col="changes"] [data-change="sites"]').textContent()).toBe(
      '关联站点: +QB-T01',
    );
    expect(await entry.textContent()).toMatch(/网页\/API/);
    // Expanded: the field before and after.
    await entry.locator('[data-expand]').click();
    const diff = page.locator('[data-audit-detail] [data-diff] tr[data-field="sites"]');
    await diff.waitFor();
    expect(await diff.locator('.before').textContent()).toBe('QB-E01、QB-E02');
    expect(await diff.locator('.after').textContent()).toBe('QB-E01、QB-E02、QB-T01');

    // The export holds the filtered rows: a CSV with a byte-order mark for Excel.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="csv"]')]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{8}-\d{4}\.csv$/);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    expect(csv.startsWith('\uFEFF编号,时间（北京时间）,操作人,操作')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.slice(1).every((l) => l.includes(',设置关联站点,'))).toBe(true);
    expect(lines[1]).toContain('用户 demo-inspector');

    // The chain verifies: 完整, with its length.
    await page.click('[data-verify]');
    await page.waitForSelector('[data-verdict="ok"]');
    const verdict = await page.locator('[data-verdict]').textContent();
    expect(verdict).toContain('审计链完整');
    expect(verdict).toMatch(/共 [1-9]\d* 条记录/);
    await page.context().close();
  });

  it('demo-leader reads the audit trail but may not administer users', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-leader');
    await page.waitForSelector('nav [data-nav="admin-audit"]');
    expect(await page.locator('nav [data-nav="admin-users"]').count()).toBe(0);
    await page.click('nav [data-nav="admin-audit"]');
    await page.waitForSelector('[data-audit] tbody tr[data-audit-entry]');
    // The leader's own log-in is at the top (newest first).
    await page.selectOption('[data-audit-filters] select[name="action"]', 'login');
    await page.fill('[data-audit-filters] input[name="actor"]', 'demo-leader');
    await page.click('[data-apply-filter]');
    await page.waitForFunction(() =>
      document.querySelector('[data-audit] tbody tr[data-audit-entry]')?.textContent?.includes('demo-leader'),
    );
    expect(
      await page.locator('[data-audit] tbody tr[data-audit-entry]').first().getAttribute('data-action'),
    ).toBe('login');
    await page.click('[data-verify]');
    await page.waitForSelector('[data-verdict="ok"]');
    await page.goto(`${demo.platform.url}/admin/users`);
    await page.waitForSelector('[data-no-permission]');
    expect(await page.locator('[data-no-permission] h2').textContent()).toBe('无权限');
    await page.context().close();
  });

  it('demo-township has no 审计日志 in the navigation, and /admin/audit says 无权限', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-township');
    await page.waitForSelector('[data-user-menu]');
    expect(await page.locator('nav [data-nav="admin-audit"]').count()).toBe(0);
    await page.goto(`${demo.platform.url}/admin/audit`);
    await page.waitForSelector('[data-no-permission]');
    expect(await page.locator('[data-no-permission] h2').textContent()).toBe('无权限');
    await page.context().close();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
