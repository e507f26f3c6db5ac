import { describe, expect, it } from 'vitest';
import type { DeviceDataBody } from '#contract/devices.ts';
import { DEMO_DEVICES } from '../../demo/demo-devices.ts';
import { connectLogger, dataPacket } from '../../receiver/test-logger-client.ts';
import { upsertDevice } from '../../store/devices.repository.ts';
import { findSiteByCode } from '../../store/sites.repository.ts';
import { adminBearer } from '../../test-support/admin-token.ts';
import { EVERY_SITE } from '../../test-support/every-site.ts';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// Issue 12, "a second logger at a site breaks the station", in Chromium against the whole demo platform: a backup
// logger registered for QB-T01 (金山街道站) beside the demo's main logger; the main falls silent (its packets no
// longer authenticate, so nothing of it arrives) and the platform's clock moves on. The station stays online on
// the map and the overview, noted 备用数采仪在线, and the two loggers' pages show different series.
const available = chromiumOrWarn('loggers');
let shift = 0;
const demo = useDemoBrowser({ days: 2, available, now: () => Date.now() + shift });

const MAIN_MN = '410611DEA000000000000001';
const BACKUP_MN = '410611DEB000000000000001';
const BACKUP_PW = 'backup-123';
/** A PM2.5 the simulator never sends: what the backup reports. */
const BACKUP_PM25 = 777;
const LIVE_WAIT = 90_000;

/** YYYYMMDDhhmmss in Beijing time. */
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);

async function rawPm25(mn: string): Promise<number[]> {
  const res = await fetch(`${demo.platform.url}/api/devices/${mn}/data?period=raw&limit=5000`, {
    headers,
  });
  expect(res.status).toBe(200);
  const { values } = (await res.json()) as DeviceDataBody;
  return values.flatMap((v) => (v.parameter === 'PM2.5' && v.value !== null ? [v.value] : []));
}
/** A district-office API token's headers (the API as an operator reads it). */
let headers: Record<string, string> = {};

describe.skipIf(!available)('two loggers at one station in Chromium', () => {
  it('the main falls silent: the station stays online through its backup, each logger’s page shows its own series', async () => {
    const { platform } = demo;
    const db = platform.db.db;
    headers = await adminBearer(db);
    const site = await findSiteByCode(db, EVERY_SITE, 'QB-T01');
    const main = DEMO_DEVICES.find((d) => d.mn === MAIN_MN);
    if (!site || !main) throw new Error('demo QB-T01 missing');
    // The README's second logger for QB-T01, now as its backup.
    await upsertDevice(db, {
      mn: BACKUP_MN,
      siteId: site.id,
      name: '金山街道站 备用数采仪',
      password: BACKUP_PW,
      role: 'backup',
      expectedIntervalS: 3600,
      factors: [
        { factor: 'a34004', parameter: 'PM2.5' },
        { factor: 'a34002', parameter: 'PM10' },
      ],
    });
    await platform.receiver.registry.reload();
    // The main has reported (the demo simulator sends real-time data every 30 s).
    await expect.poll(() => rawPm25(MAIN_MN), { timeout: LIVE_WAIT, interval: 1000 }).not.toEqual([]);

    // The main falls silent: from now on its packets do not authenticate and none of its data arrive.
    await db.updateTable('devices').set({ password: 'silenced' }).where('mn', '=', MAIN_MN).execute();
    await platform.receiver.registry.reload();
    shift = 10 * 60_000;
    const logger = await connectLogger(platform.receiver.port);
    const now = Date.now() + shift;
    logger.send(
      dataPacket({
        qn: `${beijing(now)}001`,
        mn: BACKUP_MN,
        pw: BACKUP_PW,
        cn: '2011',
        dataTime: beijing(now - 5_000),
        values: { a34004: BACKUP_PM25, a34002: 800 },
      }),
    );
    expect((await logger.waitForAnswers(1))[0]?.cn).toBe('9014');
    logger.close();
    const offline = await platform.receiver.monitor.check();
    expect(offline).toContain(MAIN_MN);
    expect(offline).not.toContain(BACKUP_MN);

    // The map (public): QB-T01 is listed online, with the note.
    const map = await demo.open('/map');
    const listed = map.locator('.station-list [data-station="QB-T01"]');
    await listed.locator('[data-status="online"]').waitFor({ timeout: 10_000 });
    expect(await listed.getAttribute('class')).not.toContain('is-off');
    expect(await listed.locator('[data-status-note="backup-online"]').textContent()).toContain(
      '备用数采仪在线',
    );
    await map.context().close();

    // 总览's station ranking: online too.
    const overview = await demo.open('/');
    const row = overview.locator('[data-ranking="stations"] [data-station="QB-T01"]');
    await row.locator('[data-status="online"]').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-status-note="backup-online"]').count()).toBe(1);
    await overview.context().close();

    // Each logger's page: the backup's newest PM2.5 is its own 777, the main's never is.
    expect(await rawPm25(BACKUP_MN)).toEqual([BACKUP_PM25]);
    expect(await rawPm25(MAIN_MN)).not.toContain(BACKUP_PM25);
    const page = await demo.open(`/login?next=/devices/${BACKUP_MN}`);
    await demo.signIn(page, 'demo-office-admin');
    const backup = page.locator(`[data-device-detail="${BACKUP_MN}"]`);
    const cell = (d: typeof backup) => d.locator('[data-latest] tr[data-parameter="PM2.5"] [data-col="raw"]');
    await cell(backup).waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      (mn) =>
        /777/.test(
          document.querySelector(
            `[data-device-detail="${mn}"] [data-latest] tr[data-parameter="PM2.5"] [data-col="raw"]`,
          )?.textContent ?? '',
        ),
      BACKUP_MN,
      { timeout: 20_000 },
    );
    expect(await backup.locator('[data-device-role]').textContent()).toContain('备用数采仪');
    expect(
      await page.locator(`[data-devices] tr[data-device="${BACKUP_MN}"] [data-role="backup"]`).count(),
    ).toBe(1);
    // The main's page, opened from the table.
    await page.click(`[data-devices] tr[data-device="${MAIN_MN}"] [data-col="site"]`);
    const mainDetail = page.locator(`[data-device-detail="${MAIN_MN}"]`);
    await page.waitForFunction(
      (mn) =>
        /\d/.test(
          document.querySelector(
            `[data-device-detail="${mn}"] [data-latest] tr[data-parameter="PM2.5"] [data-col="raw"]`,
          )?.textContent ?? '',
        ),
      MAIN_MN,
      { timeout: 20_000 },
    );
    expect(await cell(mainDetail).textContent()).not.toContain('777');
    expect(await mainDetail.locator('[data-device-role]').textContent()).toContain('主数采仪');
    await page.context().close();
  }, 240_000);

  it('logged no console errors', () => {
    expect(demo.errors).toEqual([]);
  });
});
