import { describe, expect, it } from 'vitest';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// Issue 12, "Language": English mode names stations and townships in English; a server's "中文 / English" message
// is shown in the interface's language only. Real Chromium against a 3-day demo.
const available = chromiumOrWarn('language');
const demo = useDemoBrowser({ days: 3, available, ignoreConsole: /401/ });
const { open, signIn, errors } = demo;

/** Han characters (a Chinese name or message). */
const HAN = /\p{Script=Han}/u;

describe.skipIf(!available)('the interface speaks one language', () => {
  it('English overview: English station and township names in both rankings', async () => {
    const page = await open('/', { lang: 'en' });
    await page.waitForSelector('[data-ranking="stations"] [data-station="QB-T03"]');
    const row = page.locator('[data-ranking="stations"] [data-station="QB-T03"]');
    expect(await row.textContent()).toContain('Liyanglu Subdistrict (sample)');
    expect(await row.textContent()).not.toContain('黎阳路');
    // Every station name and every township name in English (each demo site and place has one).
    const stationNames = await page
      .locator('[data-ranking="stations"] tbody td:nth-child(2)')
      .allTextContents();
    expect(stationNames).toHaveLength(12);
    for (const name of stationNames) expect(name).not.toMatch(HAN);
    const towns = page.locator('[data-ranking="townships"] tbody td:nth-child(2)');
    await page.waitForFunction(
      () =>
        !/\p{Script=Han}/u.test(
          document.querySelector('[data-ranking="townships"] tbody')?.textContent ?? '',
        ),
    );
    expect(await towns.allTextContents()).toContain('Liyanglu Subdistrict');
    await page.context().close();
  });

  it('Chinese overview keeps the Chinese names', async () => {
    const page = await open('/');
    await page.waitForSelector('[data-ranking="stations"] [data-station="QB-T03"]');
    expect(await page.locator('[data-ranking="stations"] [data-station="QB-T03"]').textContent()).toContain(
      '黎阳路街道站',
    );
    await page.context().close();
  });

  it('English report: the station rows are named in English', async () => {
    const page = await open('/reports', { lang: 'en' });
    await page.waitForSelector('[data-report] tr[data-row="QB-T03"]');
    expect(await page.locator('[data-report] tr[data-row="QB-T03"] td').first().textContent()).toBe(
      'Liyanglu Subdistrict (sample)',
    );
    const names = await page
      .locator('[data-report] tbody tr:not(.district) td:first-child')
      .allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).not.toMatch(HAN);
    await page.context().close();
  });

  it('English map: the details name the station and its township in English', async () => {
    const page = await open('/map', { lang: 'en' });
    await page.locator('.station-list [data-station="QB-T03"] button').click();
    await page.waitForSelector('[data-details="QB-T03"]');
    const details = (await page.locator('[data-details="QB-T03"]').textContent()) ?? '';
    expect(details).toContain('Liyanglu Subdistrict (sample)');
    await page.waitForFunction(() => /QB-T03 · Liyanglu Subdistrict ·/.test(document.body.textContent ?? ''));
    await page.context().close();
  });

  it('a refused log-in in Chinese shows no English, and in English no Chinese', async () => {
    const zh = await open('/login');
    await signIn(zh, 'demo-township', 'not-the-password');
    await zh.waitForSelector('[data-login-error]');
    const zhText = (await zh.locator('[data-login-error]').textContent()) ?? '';
    expect(zhText).toContain('用户名或密码错误');
    expect(zhText).not.toMatch(/[A-Za-z]/);
    await zh.context().close();

    const en = await open('/login', { lang: 'en' });
    await signIn(en, 'demo-township', 'not-the-password');
    await en.waitForSelector('[data-login-error]');
    const enText = (await en.locator('[data-login-error]').textContent()) ?? '';
    expect(enText).toContain('wrong username or password');
    expect(enText).not.toMatch(HAN);
    await en.context().close();
  });

  it('no console errors on the way (the refused log-ins’ 401 apart)', () => {
    expect(errors).toEqual([]);
  });
});
