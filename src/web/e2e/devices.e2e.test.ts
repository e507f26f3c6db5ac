import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DevicesBody, QuarantineBody } from '#contract/devices.ts';
import { DEMO_DEVICES } from '../../demo/demo-devices.ts';
import { connectLogger, dataPacket } from '../../receiver/test-logger-client.ts';
import { SERIES_COLOR } from '../components/devices/device-chart.ts';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// 数据接收: the HJ 212 loggers, one opened, and the quarantine, in real headless Chromium against the whole
// platform (a 3-day demo whose simulator sends live HJ 212 packets from 15 sample loggers to the receiver).
const available = chromiumOrWarn('device');
const demo = useDemoBrowser({ days: 3, available });

/** QB-T01's logger (金山街道站) and the foundry outlet QB-E03's (also in 金山街道). */
const JINSHAN_STATION_MN = '410611DEA000000000000001';
const FOUNDRY_MN = '410611DEE000000000000003';
/** Not in the registry: its packets go to quarantine. */
const STRANGER_MN = '410611DEF000000000000777';
const LIVE_WAIT = 90_000;

const open = (path: string, viewport?: { width: number; height: number }) =>
  demo.open(path, viewport ? { viewport } : {});
const { signIn, errors } = demo;

const listedMns = (page: Page) =>
  page.$$eval('[data-devices] tbody tr[data-device]', (rows) =>
    rows.map((r) => r.getAttribute('data-device')),
  );

/** What GET /api/devices answers the signed-in user of `page` (the browser context's cookie). */
async function apiMns(page: Page): Promise<string[]> {
  const res = await page.context().request.get(`${demo.platform.url}/api/devices`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as DevicesBody).devices.map((d) => d.mn);
}

/** Now in Beijing as HJ 212's DataTime, YYYYMMDDhhmmss. */
function dataTimeNow(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

describe.skipIf(!available)('数据接收 in Chromium', () => {
  it('the office admin sees the 15 sample loggers come online, opens one, and finds a stranger in 隔离区', async () => {
    // One packet from a logger nobody registered, straight over TCP to the platform's HJ 212 port.
    const logger = await connectLogger(demo.platform.receiver.port);
    logger.send(
      dataPacket({
        qn: '20260101000000001',
        mn: STRANGER_MN,
        pw: 'not-shown-123',
        cn: '2011',
        dataTime: dataTimeNow(),
        values: { a34004: 35 },
      }),
    );
    // And one hourly packet from a registered logger dated 9999 (issue 11): refused, shown on its page.
    const jinshan = DEMO_DEVICES.find((d) => d.mn === JINSHAN_STATION_MN);
    logger.send(
      dataPacket({
        qn: '20260101000000002',
        mn: JINSHAN_STATION_MN,
        pw: jinshan?.password ?? '',
        cn: '2061',
        dataTime: '99991231230000',
        values: { a34004: 35 },
      }),
    );

    const page = await open('/login?next=/devices');
    await signIn(page, 'demo-office-admin');
    await page.waitForSelector('[data-devices] tbody tr[data-device]');
    expect(await page.locator('nav [data-nav="devices"]').textContent()).toBe('数据接收');
    expect((await listedMns(page)).sort()).toEqual((await apiMns(page)).sort());
    expect(await listedMns(page)).toHaveLength(15);
    expect(await page.locator('[data-device-total]').getAttribute('data-device-total')).toBe('15');

    // The simulator connects within seconds: wait until the summary counts a logger 在线 (the table follows).
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-summary] [data-count="online"]')?.getAttribute('data-n')) >= 1,
      undefined,
      { timeout: LIVE_WAIT, polling: 500 },
    );
    const online = page.locator('[data-devices] tbody tr[data-state="online"]').first();
    await online.waitFor({ timeout: LIVE_WAIT });
    expect(await online.locator('[data-col="state"] .status').textContent()).toBe('在线');
    expect(await page.locator('[data-summary]').textContent()).toMatch(/在线\d+离线\d+未知\d+/);
    const counts = await page.$$eval('[data-summary] [data-count]', (els) =>
      els.reduce((n, e) => n + Number(e.getAttribute('data-n')), 0),
    );
    expect(counts).toBe(15);

    // Filter: the three outlets' loggers by text, then only those 在线 by the summary chip.
    await page.fill('[data-device-filters] input[name="q"]', 'QB-E');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-devices] tbody tr[data-device]').length === 3,
    );
    await page.fill('[data-device-filters] input[name="q"]', '');
    await page.click('[data-summary] [data-count="online"]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-devices] tbody tr[data-device]')].every(
        (r) => r.getAttribute('data-state') === 'online',
      ),
    );
    await page.click('[data-summary] [data-count="online"]');
    // Sorted by MN: township stations (A…), city stations (C…), then outlets (E…).
    await page.click('[data-devices] th[data-sort="mn"]');
    const sorted = await listedMns(page);
    expect(sorted).toEqual([...sorted].sort());

    // Opening QB-T01's logger once it is online: its factor mapping, its newest values, a drawn 24-hour chart.
    await page
      .locator(`[data-devices] tr[data-device="${JINSHAN_STATION_MN}"][data-state="online"]`)
      .waitFor({ timeout: LIVE_WAIT });
    await page.click(`[data-devices] tr[data-device="${JINSHAN_STATION_MN}"] [data-col="site"]`);
    const detail = page.locator(`[data-device-detail="${JINSHAN_STATION_MN}"]`);
    await detail.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/devices/${JINSHAN_STATION_MN}`);
    expect(await detail.locator('h2').textContent()).toContain('金山街道站');
    expect(await detail.locator('[data-factors] tr[data-factor="a34004"]').textContent()).toContain(
      '细颗粒物',
    );
    expect(await detail.locator('[data-factors] tr[data-factor="a21005"]').textContent()).toContain('mg/m³');
    // A real-time value arrives every 30 s: wait for one in the table of newest values.
    await page.waitForFunction(
      (mn) =>
        /\d/.test(
          document.querySelector(
            `[data-device-detail="${mn}"] [data-latest] tr[data-parameter="PM2.5"] [data-col="raw"]`,
          )?.textContent ?? '',
        ),
      JINSHAN_STATION_MN,
      { timeout: LIVE_WAIT, polling: 1000 },
    );
    // The demo's hourly history is there from the start.
    expect(
      await detail.locator('[data-latest] tr[data-parameter="PM10"] [data-col="hour"]').textContent(),
    ).toMatch(/\d/);
    // The 24-hour chart draws the chosen parameter's line: real-time values now, the hourly history too.
    const line = detail.locator(
      `[data-chart="device-series"][data-drawn] svg path[stroke="${SERIES_COLOR}"]`,
    );
    await detail.locator('[data-chart-period] [data-period="raw"]').click();
    await line.first().waitFor({ state: 'attached' });
    await detail.locator('[data-chart-period] [data-period="hour"]').click();
    await detail.locator('[data-chart-period] [data-period="hour"].active').waitFor();
    await line.first().waitFor({ state: 'attached' });
    await detail.locator('[data-chart-parameter]').selectOption('CO');
    expect(await detail.locator('h3', { hasText: '近 24 小时' }).textContent()).toContain('CO');
    expect(await detail.locator('[data-device-events], [data-events-empty]').count()).toBe(1);
    // 近期拒收报文: the 9999 packet, why in Chinese, the password masked.
    const refused = detail.locator('[data-refused] tr[data-verdict="implausible"]').first();
    await refused.waitFor();
    expect(await refused.locator('[data-code="time-ahead"]').textContent()).toBe('数据时间超前');
    expect(await refused.locator('[data-col="reason"]').textContent()).toContain('数据时间超前接收时间');
    expect(await refused.locator('[data-col="packet"]').textContent()).toContain('PW=***');
    // The browser's back button closes the panel.
    await page.goBack();
    await page.waitForFunction(() => !document.querySelector('[data-device-detail]'));

    // 隔离区: the stranger's packet, its reason in Chinese, its text in a monospace box with the password masked.
    await expect
      .poll(
        async () => {
          const res = await page
            .context()
            .request.get(`${demo.platform.url}/api/hj212/quarantine?mn=${STRANGER_MN}`);
          return ((await res.json()) as QuarantineBody).packets.length;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    logger.close();
    await page.click('[data-tab="quarantine"]');
    const packet = page.locator(`[data-quarantine] tr[data-mn="${STRANGER_MN}"]`).first();
    await packet.waitFor();
    expect(await packet.locator('[data-col="reason"]').textContent()).toBe('未登记的 MN（设备登记表中没有）');
    const text = await packet.locator('[data-col="packet"]').textContent();
    expect(text).toContain(`MN=${STRANGER_MN}`);
    expect(text).toContain('PW=***');
    expect(text).not.toContain('not-shown-123');
    expect(await packet.textContent()).toContain('2011 实时数据');
    expect(await packet.locator('pre.packet').evaluate((e) => getComputedStyle(e).fontFamily)).toMatch(
      /mono|Menlo|Consolas/i,
    );
    await page.context().close();
  }, 240_000);

  it('demo-township sees only its township’s loggers, as the API answers it, and no 隔离区', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-township');
    await page.click('nav [data-nav="devices"]');
    await page.waitForSelector('[data-devices] tbody tr[data-device]');
    const listed = (await listedMns(page)).sort();
    const allowed = (await apiMns(page)).sort();
    expect(listed).toEqual(allowed);
    expect(listed).toContain(JINSHAN_STATION_MN);
    expect(listed).toContain(FOUNDRY_MN);
    expect(listed.length).toBeLessThan(15);
    expect(await page.locator('[data-tab="quarantine"]').count()).toBe(0);
    // Its own logger opens, with its events (events:read).
    await page.click(`[data-devices] tr[data-device="${JINSHAN_STATION_MN}"] [data-col="name"] a`);
    const detail = page.locator(`[data-device-detail="${JINSHAN_STATION_MN}"]`);
    await detail.locator('[data-device-events], [data-events-empty]').first().waitFor();
    // Another township's logger is answered as if it did not exist.
    const res = await page
      .context()
      .request.get(`${demo.platform.url}/api/devices/410611DEA000000000000002/data`);
    expect(res.status()).toBe(404);
    await page.context().close();
  }, 120_000);

  it('demo-enterprise sees its own outlet’s logger only, on a phone', async () => {
    const page = await open('/login?next=/devices', { width: 390, height: 844 });
    await signIn(page, 'demo-enterprise');
    await page.waitForSelector('[data-devices] tbody tr[data-device]');
    expect(await listedMns(page)).toEqual([FOUNDRY_MN]);
    expect(await apiMns(page)).toEqual([FOUNDRY_MN]);
    // The table scrolls inside its card; the page itself does not get wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.click(`[data-devices] tr[data-device="${FOUNDRY_MN}"] [data-col="site"]`);
    const detail = page.locator(`[data-device-detail="${FOUNDRY_MN}"]`);
    await detail.waitFor();
    expect(await detail.locator('[data-factors] tr[data-factor="a21026"]').textContent()).toContain(
      '二氧化硫',
    );
    // No events:read for an enterprise: no events section, and no refused call behind it.
    expect(await detail.locator('[data-device-events], [data-events-empty]').count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('demo-public has no 数据接收 in the navigation, and /devices says 无权限; anonymous goes to log in', async () => {
    const page = await open('/login');
    await signIn(page, 'demo-public');
    await page.waitForSelector('[data-user-menu]');
    expect(await page.locator('nav [data-nav="devices"]').count()).toBe(0);
    await page.goto(`${demo.platform.url}/devices`);
    await page.waitForSelector('[data-no-permission]');
    expect(await page.locator('[data-no-permission] h2').textContent()).toBe('无权限');
    await page.context().close();

    const anonymous = await open('/devices');
    await anonymous.waitForSelector('[data-login-form]');
    expect(new URL(anonymous.url()).search).toBe('?next=%2Fdevices');
    expect(await anonymous.locator('nav [data-nav="devices"]').count()).toBe(0);
    await anonymous.context().close();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
