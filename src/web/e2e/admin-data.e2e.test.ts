import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DeviceStatusListBody } from '#contract/devices.ts';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// 数据管理 (issue 12): the district office registers a logger with its factor mapping, rotates its key and disables
// it; creates and edits a site; marks a dust day with its 文号 and sees it on the station page; sets the R-T4
// threshold and sees the overview's card use it — at desktop and at phone width, in real headless Chromium.
const available = chromiumOrWarn('data admin');
// A refused removal answers 409, a duplicate site 409: expected console errors of the failed fetches.
const demo = useDemoBrowser({ days: 3, available, ignoreConsole: /status of 409/ });

/** QB-T01's logger (金山街道站): it has sent packets, so it cannot be removed. */
const JINSHAN_STATION_MN = '410611DEA000000000000001';
const PHONE = { width: 390, height: 844 };

/** Today in Beijing, YYYY-MM-DD. */
const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Waits for the page's notice to say `text` (a previous notice may still be showing). */
async function expectNotice(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('[data-notice]')?.textContent?.includes(t), text);
}

/** Waits until the platform has heard from the logger (the demo's simulator connects within seconds). */
async function waitUntilHeard(page: Page, mn: string): Promise<void> {
  for (let i = 0; i < 180; i++) {
    const res = await page.context().request.get(`${demo.platform.url}/api/devices/status`);
    const list = ((await res.json()) as DeviceStatusListBody).devices;
    if (list.find((d) => d.mn === mn)?.lastSeenAt) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`${mn} never sent a packet`);
}

/**
 * The station page's default period is this month up to yesterday (at least its 1st): both cases mark the 1st, the
 * phone's mark replacing the desktop's (a mark is per date), so each finds its own 文号.
 */
const CASES = [
  { label: 'desktop', viewport: undefined, n: 1, day: '01', threshold: '5.12' },
  { label: 'phone 390×844', viewport: PHONE, n: 2, day: '01', threshold: '4.87' },
] as const;

describe.skipIf(!available)('数据管理 in Chromium', () => {
  for (const c of CASES) {
    it(`the office administers loggers, sites, dust days and the R-T4 threshold (${c.label})`, async () => {
      const page = await demo.open('/login?next=/admin/sites', c.viewport ? { viewport: c.viewport } : {});
      await demo.signIn(page, 'demo-office-admin');
      await page.waitForSelector('[data-page="admin-sites"] [data-sites] tbody tr');
      expect(await page.locator('nav [data-nav="admin-loggers"]').textContent()).toBe('数据管理');
      expect(await page.locator('nav [data-nav="admin-loggers"]').getAttribute('class')).toContain('active');

      // 站点管理: a site outside Hebi is refused in the form; an existing code by the API (its message shown).
      const code = `QB-W0${c.n}`;
      await page.click('[data-new-site]');
      const form = page.locator('[data-site-form]');
      await form.locator('input[name="code"]').fill(code);
      await form.locator('input[name="name"]').fill(`测试站${c.n}`);
      await form.locator('input[name="nameEn"]').fill(`Test ${c.n}`);
      await form.locator('select[name="townshipId"]').selectOption('410611001');
      await form.locator('input[name="lon"]').fill('116.40');
      await form.locator('input[name="lat"]').fill('39.90');
      await page.click('[data-submit-site]');
      expect(await form.locator('[data-field-error="lon"]').textContent()).toContain('鹤壁');
      await form.locator('input[name="lon"]').fill('114.21');
      await form.locator('input[name="lat"]').fill('35.74');
      await form.locator('input[name="code"]').fill('QB-T01');
      await page.click('[data-submit-site]');
      expect(await form.locator('[data-form-error]').textContent()).toBe('站点代码已存在：QB-T01');
      await form.locator('input[name="code"]').fill(code);
      await page.click('[data-submit-site]');
      await expectNotice(page, `已创建站点 ${code}`);
      const row = page.locator(`[data-sites] tr[data-site="${code}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('114.21, 35.74');
      // Edit: a new name, out of the district value.
      await row.locator('[data-edit]').click();
      const edit = page.locator('[data-site-form]');
      expect(await edit.locator('input[name="code"]').count()).toBe(0);
      await edit.locator('input[name="name"]').fill(`测试站${c.n}（改）`);
      await edit.locator('input[name="inDistrictValue"]').uncheck();
      await page.click('[data-submit-site]');
      await expectNotice(page, `已保存站点 ${code}`);
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.textContent?.includes('（改）'),
        `[data-sites] tr[data-site="${code}"]`,
      );
      expect(await row.textContent()).toContain('否');

      // 数采仪管理: register with a two-factor mapping and a generated SM4 key; both secrets shown once.
      await page.click('[data-data-tab="admin-loggers"]');
      await page.waitForSelector('[data-page="admin-loggers"] [data-loggers] tbody tr');
      const mn = `410611DEA00000000000099${c.n}`;
      await page.click('[data-new-logger]');
      const lf = page.locator('[data-logger-form]');
      await lf.locator('input[name="mn"]').fill(mn);
      await lf.locator('select[name="siteCode"]').selectOption(code);
      await lf.locator('input[name="name"]').fill('备用数采仪');
      await lf.locator('input[name="interval"]').fill('300');
      // HJ 212-2025 §6.4.4: requiring encryption without a key is refused before it is sent.
      await lf.locator('input[name="encryptionRequired"]').check();
      await page.click('[data-submit-logger]');
      await lf.locator('[data-field-error="encryptionRequired"]').waitFor();
      await lf.locator('input[name="encryptionRequired"]').uncheck();
      await lf.locator('select[name="sm4"]').selectOption('generate');
      await lf.locator('[data-factor-row="0"] input[name="factor"]').fill('a34004');
      expect(await lf.locator('[data-factor-row="0"] input[name="parameter"]').inputValue()).toBe('PM2.5');
      await lf.locator('[data-add-factor]').click();
      await lf.locator('[data-factor-row="1"] input[name="factor"]').fill('a21005');
      await lf.locator('[data-factor-row="1"] input[name="scale"]').fill('0.001');
      await lf.locator('select[name="role"]').selectOption('backup');
      await page.click('[data-submit-logger]');
      await expectNotice(page, `已登记数采仪 ${mn}`);
      const secrets = await page.$$eval('[data-notice] [data-secret]', (els) =>
        els.map((e) => (e as HTMLInputElement).value),
      );
      expect(secrets).toHaveLength(2);
      expect(secrets[0]).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(secrets[1]).toMatch(/^[0-9a-f]{32}$/);
      const logger = page.locator(`[data-loggers] tr[data-logger="${mn}"]`);
      await logger.waitFor();
      expect(await logger.textContent()).toContain('PM2.5、CO');
      expect(await logger.textContent()).toContain('SM4');
      expect(await logger.locator('[data-role]').getAttribute('data-role')).toBe('backup');

      // Rotate the key (dropping SM4): a new password, shown once, different from the first.
      await logger.locator('[data-rotate]').click();
      await page.locator('[data-rotate-form] select[name="sm4"]').selectOption('none');
      await page.click('[data-submit-rotate]');
      await page.waitForFunction((old) => {
        const input = document.querySelector('[data-notice] [data-secret]') as HTMLInputElement | null;
        return input !== null && input.value !== old;
      }, secrets[0]);
      const rotated = await page.$$eval('[data-notice] [data-secret]', (els) =>
        els.map((e) => (e as HTMLInputElement).value),
      );
      expect(rotated).toHaveLength(1);
      expect(rotated[0]).toMatch(/^[A-Za-z0-9]{16}$/);
      await page.waitForFunction(
        (sel) => !document.querySelector(sel)?.textContent?.includes('SM4'),
        `[data-loggers] tr[data-logger="${mn}"]`,
      );

      // Disable it.
      await logger.locator('[data-toggle]').click();
      await expectNotice(page, `已停用 ${mn}`);
      await page.locator(`[data-loggers] tr[data-logger="${mn}"][data-enabled="no"]`).waitFor();

      // A logger with data cannot be removed: asked first, then the API's reason is shown.
      await waitUntilHeard(page, JINSHAN_STATION_MN);
      const jinshan = page.locator(`[data-loggers] tr[data-logger="${JINSHAN_STATION_MN}"]`);
      await jinshan.locator('[data-remove]').click();
      await jinshan.locator('[data-confirm-no]').click();
      await jinshan.locator('[data-remove]').click();
      await jinshan.locator('[data-confirm-yes]').click();
      await page.locator('[data-notice="error"]').waitFor();
      expect(await page.locator('[data-notice="error"]').textContent()).toContain('请改为停用');

      // 沙尘/异常日: a mark needs its 文号; then it is listed, and marked on the station page's period statistics.
      const date = `${beijingToday().slice(0, 7)}-${c.day}`;
      const notice = `豫环监测〔${date.slice(0, 4)}〕${c.n}号`;
      await page.click('[data-data-tab="admin-dust-days"]');
      await page.click('[data-new-dust-day]');
      const df = page.locator('[data-dust-form]');
      await df.locator('input[name="date"]').fill(date);
      await page.click('[data-submit-dust]');
      expect(await df.textContent()).toContain('请填写通知文号');
      await df.locator('input[name="noticeRef"]').fill(notice);
      await df.locator('input[name="note"]').fill('沙尘过程');
      await page.click('[data-submit-dust]');
      const dust = page.locator(`[data-dust-days] tr[data-dust-day="${date}"]`);
      await dust.waitFor();
      expect(await dust.textContent()).toContain(notice);
      expect(await dust.textContent()).toContain('沙尘天气');

      await page.goto(`${demo.platform.url}/station/QB-T01`);
      const mark = page.locator(`[data-dust-days-note] [data-dust-day-mark="${date}"]`);
      await mark.waitFor({ timeout: 30_000 });
      expect(await mark.textContent()).toContain(notice);
      expect(await page.locator('[data-dust-days-note]').textContent()).toContain(
        '主要数据已从天数比例、PM 浓度和综合指数中扣除',
      );
      // Unmarking takes it off the list (and frees the date for the next width's run).
      await page.goto(`${demo.platform.url}/admin/dust-days`);
      const marked = page.locator(`[data-dust-days] tr[data-dust-day="${date}"]`);
      await marked.locator('[data-remove]').click();
      await marked.locator('[data-confirm-yes]').click();
      await marked.waitFor({ state: 'detached' });

      // 外部数据: the R-T4 threshold for this year, with its source; the overview's card compares against it.
      await page.goto(`${demo.platform.url}/admin/figures`);
      await page.click('[data-new-figure]');
      const ff = page.locator('[data-figure-form]');
      await page.click('[data-submit-figure]');
      expect(await ff.locator('[data-field-error="value"]').textContent()).toBe('请填写正数');
      await ff.locator('input[name="value"]').fill(c.threshold);
      await ff.locator('input[name="source"]').fill(`生态环境部通报 ${c.n}`);
      await page.click('[data-submit-figure]');
      const year = beijingToday().slice(0, 4);
      // The desktop case set this year's figure before: wait for the row to show this value.
      await page.waitForFunction(
        ([sel, v]) => document.querySelector(sel as string)?.textContent?.includes(v as string),
        [`[data-figures] tr[data-figure="r-t4-threshold/${year}"]`, c.threshold],
      );

      await page.click('nav [data-nav="overview"]');
      const card = page.locator('[data-target="R-T4"]');
      await card.waitFor({ timeout: 60_000 });
      await page.waitForFunction(
        (t) => document.querySelector('[data-target="R-T4"]')?.textContent?.includes(`≤ ${t}`),
        c.threshold,
        { timeout: 60_000 },
      );
      expect(await card.locator('[data-threshold-source]').textContent()).toBe(
        `阈值来源：生态环境部通报 ${c.n}`,
      );
      expect(await card.textContent()).not.toContain('168 城第 N 名');
      expect(demo.errors).toEqual([]);
    }, 240_000);
  }

  it('reads in English, and its lists sort by any column', async () => {
    const page = await demo.open('/login?next=/admin/sites', { lang: 'en' });
    await demo.signIn(page, 'demo-office-admin');
    await page.waitForSelector('[data-sites] tbody tr');
    expect(await page.locator('nav [data-nav="admin-loggers"]').textContent()).toBe('Data admin');
    expect(await page.locator('[data-data-tabs]').textContent()).toBe(
      'Data loggersSitesDust / exceptional daysExternal figuresJobs',
    );
    const codes = () =>
      page.$$eval('[data-sites] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-site')));
    const ascending = await codes();
    expect(ascending).toEqual([...ascending].sort());
    await page.click('[data-sites] th[data-sort="code"]');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-sites] th[data-sort="code"]')?.getAttribute('aria-sort') ===
        'descending',
    );
    expect(await codes()).toEqual([...ascending].reverse());
    await page.click('[data-new-site]');
    await page.click('[data-submit-site]');
    expect(await page.locator('[data-site-form] [data-field-error="code"]').textContent()).toBe(
      'Code: 1–32 letters, digits, _ or -',
    );
    await page.click('[data-data-tab="admin-figures"]');
    await page.waitForSelector('[data-page="admin-figures"]');
    expect(await page.locator('[data-page="admin-figures"] h2').textContent()).toBe('External figures');
  });

  it('a township user has no 数据管理 and gets 无权限 on its pages', async () => {
    const page = await demo.open('/login?next=/admin/loggers');
    await demo.signIn(page, 'demo-township');
    await page.waitForSelector('[data-no-permission]');
    expect(await page.locator('nav [data-nav="admin-loggers"]').count()).toBe(0);
  });
});
