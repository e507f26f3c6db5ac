import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { appendEvent, saveDeviceStatus } from '#store/device-status.repository.ts';
import { upsertDevice } from '#store/devices.repository.ts';
import { appendOutbox } from '#store/outbox.repository.ts';
import { findSiteByCode } from '#store/sites.repository.ts';
import { connectLogger, dataPacket } from '../../receiver/test-logger-client.ts';
import { EVERY_SITE } from '../../test-support/every-site.ts';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// Real headless Chromium (Debian's, via playwright-core) against the whole platform: a 30-day demo on a fresh
// SQLite file, the built web app, HTTP and the HJ 212 receiver on free ports.
const available = chromiumOrWarn('dashboard');
const demo = useDemoBrowser({ days: 30, available });

const open = (path: string, lang: 'zh' | 'en' = 'zh') => demo.open(path, { lang, acceptDownloads: true });
const { errors } = demo;

describe.skipIf(!available)('web dashboard in Chromium', () => {
  it('overview shows the four targets, the projection and the good-day budget', async () => {
    const page = await open('/');
    await page.waitForSelector('[data-target="R-T2"] [data-budget]');
    for (const id of ['R-T1', 'R-T2', 'R-T3', 'R-T4'])
      expect(await page.locator(`[data-target="${id}"]`).count()).toBe(1);
    expect(await page.locator('[data-projection]').count()).toBe(3);
    expect(await page.locator('[data-target="R-T2"] [data-budget]').textContent()).toMatch(
      /剩余天数中至少还需 \d+ 个优良天|已确保/,
    );
    expect(await page.locator('[data-ranking="stations"] tbody tr').count()).toBe(12);
    expect(await page.locator('[data-ranking="townships"] tbody tr').count()).toBe(10);
    await page.context().close();
  });

  it('map draws Qibin and its twelve stations, and a click opens the details', async () => {
    const page = await open('/map');
    await page.waitForSelector('[data-chart="map"][data-drawn] svg path', { state: 'attached' });
    expect(await page.locator('[data-points]').getAttribute('data-points')).toBe('12');
    const texts = await page.locator('[data-chart="map"] svg text').allTextContents();
    expect(texts.join(' ')).toContain('淇县');
    // Region outlines drawn by the chart; the 12 stations are buttons over it (components/station-map.tsx).
    expect(await page.locator('[data-chart="map"] svg path').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('[data-marker]').count()).toBe(12);
    await page.locator('.station-list [data-station="QB-T03"] button').click();
    await page.waitForSelector('[data-details="QB-T03"]');
    expect(await page.locator('[data-details="QB-T03"]').textContent()).toContain('黎阳路街道站');
    const slider = page.locator('[data-hour-slider]');
    const before = await page.locator('output[data-hour]').getAttribute('data-hour');
    await slider.fill('0');
    await page.waitForFunction(
      (b) => document.querySelector('output[data-hour]')?.getAttribute('data-hour') !== b,
      before,
    );
    await page.context().close();
  });

  it('station page draws its hourly series and the daily calendar', async () => {
    const page = await open('/station/QB-T01');
    await page.waitForSelector('[data-chart="series"][data-drawn] svg path', { state: 'attached' });
    await page.waitForSelector('[data-chart="calendar"][data-drawn] svg', { state: 'attached' });
    expect(await page.locator('[data-chart="series"] svg path').count()).toBeGreaterThan(7);
    await page.waitForSelector('[data-stats] [data-valid-days]');
    await page.context().close();
  });

  it('reports page exports a valid xlsx workbook', async () => {
    const page = await open('/reports');
    await page.waitForSelector('[data-report] tr[data-row="district"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-export="xlsx"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = await readAll(await download.createReadStream());
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
      ]),
    );
    expect(strFromU8(files['xl/workbook.xml'] as Uint8Array)).toContain('<sheet name="统计"');
    expect(strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array)).toContain('淇滨区（区域值）');
    await page.context().close();
  });

  it('switches the language to English and back', async () => {
    const page = await open('/');
    await page.waitForSelector('[data-page="overview"]');
    expect(await page.locator('nav').textContent()).toContain('总览');
    await page.locator('[data-lang-switch]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('nav').textContent()).toContain('Overview');
    expect(await page.locator('h1').textContent()).toBe('Qibin District Air Quality');
    await page.locator('[data-lang-switch]').click();
    expect(await page.locator('nav').textContent()).toContain('总览');
    await page.context().close();
  });

  it('a packet sent to the HJ 212 receiver shows up on the open page within 5 s; an offline device shows', async () => {
    const site = await findSiteByCode(demo.platform.db.db, EVERY_SITE, 'QB-T01');
    const mn = '010000A8900016F0QBT01001';
    await upsertDevice(demo.platform.db.db, {
      mn,
      siteId: site?.id as number,
      password: '123456',
      factors: [
        { factor: 'a34004', parameter: 'PM2.5' },
        { factor: 'a34002', parameter: 'PM10' },
        { factor: 'a21026', parameter: 'SO2' },
        { factor: 'a21004', parameter: 'NO2' },
        { factor: 'a21005', parameter: 'CO' },
        { factor: 'a05024', parameter: 'O3' },
      ],
    });
    await demo.platform.receiver.registry.reload();
    const page = await open('/');
    await page.waitForSelector('[data-live="on"]');
    const shown = Number(await page.locator('[data-now-time]').getAttribute('data-now-time'));
    const hour = shown + 3_600_000;
    const logger = await connectLogger(demo.platform.receiver.port);
    const sent = Date.now();
    logger.send(
      dataPacket({
        qn: `${beijing(hour)}001`,
        mn,
        pw: '123456',
        cn: '2061',
        dataTime: beijing(hour),
        values: { a34004: 260, a34002: 300, a21026: 9, a21004: 30, a21005: 0.8, a05024: 40 },
      }),
    );
    await page.waitForSelector(`[data-now-time="${hour}"]`, { timeout: 5000 });
    expect(Date.now() - sent).toBeLessThan(5000);
    await page.waitForSelector('[data-ranking="stations"] [data-station="QB-T01"] [data-level="6"]', {
      timeout: 5000,
    });
    logger.close();

    await saveDeviceStatus(demo.platform.db.db, [
      {
        mn,
        last_seen_at: sent,
        last_peer: '127.0.0.1',
        last_data_time: hour,
        clock_drift_ms: 0,
        state: 'offline',
        state_since: Date.now(),
      },
    ]);
    // A station is offline only when no logger of it is online (issue 12, rules/monitoring/logger-precedence.ts):
    // with the demo's own QB-T01 logger taken out of service, the second logger is the station's only one.
    const demoMn = '410611DEA000000000000001';
    await demo.platform.db.db.updateTable('devices').set({ enabled: 0 }).where('mn', '=', demoMn).execute();
    // What the device-health job writes for a transition (issue 14): the events row and its outbox event, which
    // the live hub of every node follows.
    const at = Date.now();
    await demo.platform.db.db.transaction().execute(async (trx) => {
      await appendEvent(trx, { at, kind: 'device_offline', subject: mn });
      await appendOutbox(trx, [
        {
          topic: 'device.offline',
          at,
          subject: mn,
          payload: { mn, siteId: site?.id as number, at, lastSeenAt: sent, expectedIntervalS: 30, missed: 3 },
        },
      ]);
    });
    await page.waitForSelector('[data-station="QB-T01"] [data-status="offline"]', { timeout: 5000 });
    await demo.platform.db.db.updateTable('devices').set({ enabled: 1 }).where('mn', '=', demoMn).execute();
    await page.context().close();
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});

/** YYYYMMDDhhmmss in Beijing time. */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return new Uint8Array(Buffer.concat(chunks));
}
