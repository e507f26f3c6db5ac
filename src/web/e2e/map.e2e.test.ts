import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// 地图 at desktop and phone width: stations that do not hide each other, township names, a legend that follows
// the chosen pollutant, a dated time slider whose play button steps through the hours.
const available = chromiumOrWarn('map');
const demo = useDemoBrowser({ days: 3, available });

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
  'small phone': { width: 360, height: 740 },
} as const;

async function openMap(viewport: { width: number; height: number }, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const page = await demo.open('/map', { viewport, lang });
  await page.waitForSelector('[data-markers="12"]');
  return page;
}

interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The drawn station discs and township names, as the browser lays them out. */
function drawn(page: Page): Promise<{ dots: Box[]; labels: Box[] }> {
  return page.evaluate(() => {
    const box = (el: Element, id: string) => {
      const r = el.getBoundingClientRect();
      return { id, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return {
      dots: [...document.querySelectorAll('[data-marker]')].map((m) =>
        box(m.querySelector('.dot') as Element, m.getAttribute('data-marker') ?? ''),
      ),
      labels: [...document.querySelectorAll('[data-township-label]')].map((l) => box(l, l.textContent ?? '')),
    };
  });
}

const intersect = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function pairsIntersecting(boxes: Box[], others: Box[] = boxes): string[] {
  const out: string[] = [];
  for (const a of boxes)
    for (const b of others) if (a !== b && a.id < b.id && intersect(a, b)) out.push(`${a.id}×${b.id}`);
  return out;
}

describe.skipIf(!available)('map', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`${name}: no station hides another; moved ones point to their place; township names shown`, async () => {
      const page = await openMap(viewport);
      const { dots, labels } = await drawn(page);
      expect(dots).toHaveLength(12);
      expect(pairsIntersecting(dots)).toEqual([]);
      // The six urban streets and the two city stations lie within a few hundred metres: they are spread out,
      // each with a leader line to where it is.
      const moved = await page.locator('[data-marker][data-moved="true"]').count();
      expect(moved).toBeGreaterThan(0);
      expect(await page.locator('[data-leader]').count()).toBe(moved);
      // Township names: shown where there is room, never over a station nor over each other.
      expect(labels.length).toBeGreaterThanOrEqual(name === 'desktop' ? 6 : 4);
      // The open west has room for its names at any width; the crowded centre names what fits.
      expect(labels.map((l) => l.id)).toEqual(
        expect.arrayContaining(name === 'desktop' ? ['上峪乡', '大河涧乡', '钜桥镇'] : ['上峪乡', '钜桥镇']),
      );
      expect(pairsIntersecting(labels)).toEqual([]);
      for (const l of labels)
        for (const d of dots) expect(intersect(l, d), `${l.id} over ${d.id}`).toBe(false);
      await page.context().close();
    }, 60_000);
  }

  it('zooming in opens the cluster: stations far enough apart go back to their own places', async () => {
    const page = await openMap(VIEWPORTS.desktop);
    const before = await page.locator('[data-marker][data-moved="true"]').count();
    // The wheel at the true place of a spread-out station (its leader line's end), over and over.
    const anchor = await page.locator('[data-leader="QB-T05"] circle').boundingBox();
    await page.mouse.move((anchor?.x ?? 0) + 3, (anchor?.y ?? 0) + 3);
    for (let i = 0; i < 16; i++) {
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(80);
    }
    await page.waitForFunction(
      (b) => document.querySelectorAll('[data-marker][data-moved="true"]').length < b,
      before,
    );
    const { dots } = await drawn(page);
    expect(pairsIntersecting(dots)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a marker is a button: it names the station and its value, and opens the details', async () => {
    const page = await openMap(VIEWPORTS['small phone']);
    const marker = page.locator('[data-marker="QB-T09"]');
    expect(await marker.getAttribute('aria-label')).toMatch(/^上峪乡站 AQI \d+ \S+$/);
    const r = await marker.boundingBox();
    expect(r?.width).toBeGreaterThanOrEqual(44);
    expect(r?.height).toBeGreaterThanOrEqual(44);
    await marker.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-details="QB-T09"]');
    await page.context().close();
  }, 60_000);

  it('the legend follows the chosen pollutant: AQI bands, then PM2.5 breakpoints in µg/m³', async () => {
    const page = await openMap(VIEWPORTS.desktop);
    const legend = page.locator('[data-legend]');
    expect(await legend.getAttribute('data-legend')).toBe('AQI');
    expect(await legend.textContent()).toContain('51–100');
    await page.selectOption('[data-color-by]', 'PM2.5');
    await page.waitForSelector('[data-legend="PM2.5"]');
    const text = (await legend.textContent()) ?? '';
    expect(text).toContain('µg/m³');
    expect(text).toContain('0–35');
    expect(text).toContain('36–60'); // HJ 633-2026: IAQI 100 at 60 µg/m³
    expect(text).not.toContain('51–100');
    await page.selectOption('[data-color-by]', 'CO');
    await page.waitForSelector('[data-legend="CO"]');
    expect(await legend.textContent()).toContain('mg/m³');
    // The markers now say the concentration, with its unit in their name.
    expect(await page.locator('[data-marker="QB-T01"]').getAttribute('aria-label')).toMatch(
      /CO [\d.]+ mg\/m³$/,
    );
    await page.context().close();
  }, 60_000);

  for (const [name, viewport] of Object.entries({ desktop: VIEWPORTS.desktop, phone: VIEWPORTS.phone })) {
    it(`${name}: the slider shows dates, marks the new day, and play steps through the hours to the newest`, async () => {
      const page = await openMap(viewport);
      const output = page.locator('output[data-hour]');
      await page.waitForFunction(() =>
        /\d+月\d+日 \d+时/.test(document.querySelector('output[data-hour]')?.textContent ?? ''),
      );
      const marks = await page.locator('[data-slider-mark]').allTextContents();
      expect(marks[0]).toMatch(/^\d+月\d+日 \d+时$/);
      expect(marks[marks.length - 1]).toMatch(/^\d+月\d+日 \d+时$/);
      // 24 hours cross midnight once (unless they end exactly on it): a day mark with its date.
      expect(await page.locator('[data-slider-mark="day"]').count()).toBeLessThanOrEqual(1);
      const newest = Number(await output.getAttribute('data-hour'));

      const play = page.locator('[data-play]');
      await play.focus();
      await page.keyboard.press('Enter');
      expect(await play.getAttribute('aria-pressed')).toBe('true');
      // From the newest hour play starts at the first of the 24, then moves on an hour at a time.
      await page.waitForFunction(
        (n) => Number(document.querySelector('output[data-hour]')?.getAttribute('data-hour')) < n,
        newest,
      );
      const first = Number(await output.getAttribute('data-hour'));
      await page.waitForFunction(
        (f) =>
          Number(document.querySelector('output[data-hour]')?.getAttribute('data-hour')) === f + 3_600_000,
        first,
      );
      expect(Number(await page.locator('[data-hour-slider]').inputValue())).toBeGreaterThan(0);
      await page.keyboard.press('Space');
      expect(await play.getAttribute('aria-pressed')).toBe('false');
      const paused = await output.getAttribute('data-hour');
      await page.waitForTimeout(1500);
      expect(await output.getAttribute('data-hour')).toBe(paused);
      await page.context().close();
    }, 60_000);
  }

  it('play stops by itself at the newest hour', async () => {
    const page = await openMap(VIEWPORTS.desktop);
    const slider = page.locator('[data-hour-slider]');
    const max = Number(await slider.getAttribute('max'));
    await slider.fill(String(max - 2));
    await page.locator('[data-play]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-play]')?.getAttribute('aria-pressed') === 'false',
      undefined,
      {
        timeout: 15_000,
      },
    );
    expect(Number(await slider.inputValue())).toBe(max);
    await page.context().close();
  }, 60_000);

  it('English: township names and the markers’ names are English', async () => {
    const page = await openMap(VIEWPORTS.desktop, 'en');
    const { labels } = await drawn(page);
    expect(labels.map((l) => l.id)).toEqual(
      expect.arrayContaining(['Shangyu Township', 'Dahejian Township']),
    );
    expect(await page.locator('[data-marker="QB-T09"]').getAttribute('aria-label')).toMatch(
      /^Shangyu Township \(sample\) AQI \d+ \w+/,
    );
    await page.context().close();
  }, 60_000);

  it('no console errors', () => {
    expect(demo.errors).toEqual([]);
  });
});
