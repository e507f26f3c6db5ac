import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startOfDay } from '#rules/time/calendar.ts';
import { chromiumOrWarn, type OpenOptions, useDemoBrowser } from './harness.ts';

// Issue 13, "a day with a missing pollutant", on the station page's period statistics under the 2026 rules: a
// 15-day demo at 20:45 on 10 April 2026. Station QB-T01 loses its CO values on 5 and 6 April, and on 6 April its
// PM10 reads 300 µg/m³ all day (IAQI 175): HJ 633-2026 §5.3.1 publishes that day's AQI from the five others, so
// it counts; on 5 April PM is set low, the AQI of the others is ≤ 100, NA, and the day does not count.
const NOW = Date.parse('2026-04-10T20:45:00+08:00');
const available = chromiumOrWarn('day rule');
const demo = useDemoBrowser({ days: 15, available, now: () => NOW });
const PHONE = { width: 390, height: 844 };
const open = (path: string, o: OpenOptions = {}): Promise<Page> => demo.open(path, { clock: NOW, ...o });

let prepared = false;
async function prepare() {
  if (prepared) return;
  const db = demo.platform.db.db;
  const site = await db
    .selectFrom('sites')
    .select('id')
    .where('code', '=', 'QB-T01')
    .executeTakeFirstOrThrow();
  const day = (d: string) => [startOfDay(d), startOfDay(d) + 24 * 3_600_000] as const;
  const [a0] = day('2026-04-05');
  const [b0, b1] = day('2026-04-06');
  await db
    .deleteFrom('measurements')
    .where('site_id', '=', site.id)
    .where('parameter', '=', 'CO')
    .where('time', '>=', a0)
    .where('time', '<', b1)
    .execute();
  await db
    .updateTable('measurements')
    .set({ value: 300 })
    .where('site_id', '=', site.id)
    .where('parameter', '=', 'PM10')
    .where('time', '>=', b0)
    .where('time', '<', b1)
    .execute();
  // 5 April clean: PM2.5 20, PM10 40 (the demo's NO2 and O3 keep the AQI of the five others ≤ 100).
  for (const [parameter, value] of [
    ['PM2.5', 20],
    ['PM10', 40],
  ] as const) {
    await db
      .updateTable('measurements')
      .set({ value })
      .where('site_id', '=', site.id)
      .where('parameter', '=', parameter)
      .where('time', '>=', a0)
      .where('time', '<', b0)
      .execute();
  }
  prepared = true;
}

describe.skipIf(!available)('the day rule on the station page (Chromium)', () => {
  for (const c of [
    { label: 'desktop, 中文', lang: 'zh' as const, viewport: undefined },
    { label: 'phone 390 px, English', lang: 'en' as const, viewport: PHONE },
  ]) {
    it(`says which days count with a pollutant missing and which do not, and why (${c.label})`, async () => {
      await prepare();
      const page = await open('/station/QB-T01', {
        lang: c.lang,
        ...(c.viewport ? { viewport: c.viewport } : {}),
      });
      await page.waitForSelector('[data-stats] [data-valid-days]');
      const counted = page.locator('[data-partial-days] li[data-day="2026-04-06"]');
      await counted.waitFor();
      expect(await counted.getAttribute('data-day-rule')).toBe('partial-aqi-over-100');
      const notCounted = page.locator('[data-invalid-days] li[data-day="2026-04-05"]');
      expect(await notCounted.getAttribute('data-day-rule')).toBe('partial-aqi-na');
      const why = (await notCounted.locator('[data-verdict]').textContent()) ?? '';
      if (c.lang === 'zh') {
        expect(await counted.textContent()).toMatch(
          /由 5\/6 项算得 AQI \d+（CO 缺测）> 100：计入（HJ 633-2026 §5\.3\.1）/,
        );
        expect(why).toMatch(/CO 缺测）≤ 100，AQI 记 NA：不计入（HJ 633-2026 §5\.3\.1）/);
      } else {
        expect(await counted.textContent()).toMatch(
          /AQI \d+ from 5 of 6 \(CO missing\) > 100: counts \(HJ 633-2026 §5\.3\.1\)/,
        );
        expect(why).toMatch(/\(CO missing\) ≤ 100, AQI NA: does not count \(HJ 633-2026 §5\.3\.1\)/);
      }
      if (c.viewport) {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(PHONE.width);
      }
      await page.context().close();
    });
  }

  it('no console errors', () => {
    expect(demo.errors).toEqual([]);
  });
});
