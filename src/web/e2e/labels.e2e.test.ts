import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { healthAdviceFor } from '#rules/air/health-advice.ts';
import { chromiumOrWarn, type OpenOptions, useDemoBrowser } from './harness.ts';

// Issue 12's labels on a fixed clock: the platform (and its demo history) at 20:45 Beijing time on 28 Nov 2026,
// so the newest hour is 19:00–20:00 — shown as 20时, not "19:00 实时".
const NOW = Date.UTC(2026, 10, 28, 20 - 8, 45);
const available = chromiumOrWarn('labels');
const demo = useDemoBrowser({ days: 3, available, now: () => NOW });

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const SUBSCRIPT_DIGITS = /[\u2080-\u2089]/;

async function open(path: string, o: OpenOptions & { clock?: number } = {}): Promise<Page> {
  return demo.open(path, { clock: NOW, ...o });
}

/** The document's whole text (chart SVG text too): no Unicode subscript digit (they are typeset with <sub>). */
async function expectNoUnicodeSubscripts(page: Page): Promise<void> {
  const text = await page.evaluate(() => `${document.title} ${document.body.textContent ?? ''}`);
  expect(text.match(SUBSCRIPT_DIGITS)).toBeNull();
}

async function nowCard(page: Page) {
  await page.waitForSelector('[data-now] [data-now-time]');
  const card = page.locator('[data-now]');
  const level = Number(await card.locator('.aqi-badge').getAttribute('data-level'));
  return { card, level };
}

describe.skipIf(!available)('labels, health advice, units and subscripts in Chromium', () => {
  for (const [width, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`overview (${width}, 中文): 20时 实时 with its age, the advice for the level shown, units`, async () => {
      const page = await open('/', { viewport });
      const { card, level } = await nowCard(page);
      const time = card.locator('[data-now-time]');
      expect(await time.textContent()).toBe('11月28日 20时 实时 · 45 分钟前');
      expect(await time.getAttribute('data-realtime')).toBe('yes');
      // The advice is the rules' text for the level on the badge (HJ 633-2026 表1: the date is after 2026-03-01).
      expect(level).toBeGreaterThanOrEqual(1);
      const row = healthAdviceFor(level, '2026');
      expect(await card.locator('[data-health-advice]').getAttribute('data-health-advice')).toBe(
        String(level),
      );
      expect(await card.locator('[data-health-effect]').textContent()).toBe(row?.effectZh);
      expect(await card.locator('[data-health-measures]').textContent()).toBe(row?.adviceZh);
      // Every tile has its unit; the names are typeset with <sub>.
      for (const p of ['PM2.5', 'PM10', 'O3', 'NO2', 'SO2', 'CO'])
        expect(await card.locator(`[data-value="${p}"] .unit`).textContent()).toBe(
          p === 'CO' ? 'mg/m³' : 'µg/m³',
        );
      expect(await card.locator('[data-value="PM2.5"] sub').textContent()).toBe('2.5');
      await expectNoUnicodeSubscripts(page);
      await page.context().close();
    });

    it(`overview (${width}, English): 20:00 and the English advice`, async () => {
      const page = await open('/', { viewport, lang: 'en' });
      const { card, level } = await nowCard(page);
      expect(await card.locator('[data-now-time]').textContent()).toBe(
        'real-time, 28 Nov 20:00 · 45 min ago',
      );
      const row = healthAdviceFor(level, '2026');
      expect(await card.locator('[data-health-effect]').textContent()).toBe(row?.effectEn);
      expect(await card.locator('[data-health-measures]').textContent()).toBe(row?.adviceEn);
      expect(await card.locator('[data-health-advice]').textContent()).toContain(
        'HJ 633-2026 Table 1, our translation',
      );
      expect(await card.locator('[data-value="CO"] .unit').textContent()).toBe('mg/m³');
      await expectNoUnicodeSubscripts(page);
      await page.context().close();
    });
  }

  it('a value whose next hour is overdue is 最新, not 实时', async () => {
    // The browser's clock at 22:10: the 20时 value is 2 h 10 min past its hour, and 21时 and 22时 are due.
    const page = await open('/', { clock: NOW + 85 * 60_000 });
    const { card } = await nowCard(page);
    const time = card.locator('[data-now-time]');
    expect(await time.textContent()).toBe('最新 11月28日 20时 · 2 小时 10 分钟前，非实时');
    expect(await time.getAttribute('data-realtime')).toBe('no');
    await page.context().close();
  });

  it('map: the slider and the details label the hour by its end; details carry advice and units', async () => {
    const page = await open('/map');
    await page.waitForSelector('output[data-hour]');
    await page.waitForFunction(() =>
      document.querySelector('output[data-hour]')?.textContent?.includes('时'),
    );
    expect(await page.locator('output[data-hour]').textContent()).toBe('11月28日 20时');
    await page.locator('.station-list [data-station="QB-T03"] button').click();
    const details = page.locator('[data-details="QB-T03"]');
    await details.waitFor();
    expect(await details.locator('[data-details-time]').textContent()).toBe('11月28日 20时');
    expect(await details.locator('[data-health-measures]').count()).toBe(1);
    expect(await details.locator('[data-value="SO2"] .unit').textContent()).toBe('µg/m³');
    await expectNoUnicodeSubscripts(page);
    await page.context().close();
  });

  it('station: the hourly chart labels hours by their end, with no Unicode subscripts', async () => {
    const page = await open('/station/QB-T01');
    await page.waitForSelector('[data-chart="series"][data-drawn] svg path', { state: 'attached' });
    const texts = await page.locator('[data-chart="series"] svg text').allTextContents();
    // Hour labels are 20时 style (or a date where a day begins), never a start-of-hour clock.
    expect(texts.some((t) => /^\d{1,2}时$/.test(t))).toBe(true);
    expect(texts.filter((t) => /^\d\d:\d\d$/.test(t))).toEqual([]);
    expect(texts.join(' ')).toContain('PM2.5');
    await page.waitForSelector('[data-stats] [data-valid-days]');
    await expectNoUnicodeSubscripts(page);
    await page.context().close();
  });

  it('reports: pollutant headers use <sub>', async () => {
    const page = await open('/reports');
    await page.waitForSelector('[data-report] tr[data-row="district"]');
    expect(await page.locator('[data-report] thead sub').count()).toBeGreaterThanOrEqual(5);
    await expectNoUnicodeSubscripts(page);
    await page.context().close();
  });

  it('no console errors', () => {
    expect(demo.errors).toEqual([]);
  });
});
