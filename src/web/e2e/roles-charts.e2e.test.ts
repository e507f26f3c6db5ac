import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findSiteByCode } from '#store/sites.repository.ts';
import { EVERY_SITE } from '../../test-support/every-site.ts';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// Issue 12, "Roles" and "Charts", at desktop and phone width: the township user's own township first and
// marked, the inspector's own outlets (and nobody else's), dates on the 7-day axis, the calendar's legend, and
// missing hours drawn as gaps with why.
const available = chromiumOrWarn('roles and charts');
const demo = useDemoBrowser({ days: 10, available });
const { signIn, errors } = demo;

const H = 3_600_000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const CATEGORIES = {
  zh: ['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染'],
  en: [
    'Excellent',
    'Good',
    'Lightly polluted',
    'Moderately polluted',
    'Heavily polluted',
    'Severely polluted',
  ],
};

/** QB-T01 loses hours −30…−28 (nothing stored: no data) and hour −40 comes with every value unusable, flag D. */
let gapsMade: Promise<void> | undefined;
function makeGaps(): Promise<void> {
  gapsMade ??= (async () => {
    const db = demo.platform.db.db;
    const site = await findSiteByCode(db, EVERY_SITE, 'QB-T01');
    const newest = await db
      .selectFrom('measurements')
      .select((eb) => eb.fn.max('time').as('t'))
      .where('site_id', '=', site?.id as number)
      .where('period', '=', 'hour')
      .executeTakeFirstOrThrow();
    const last = Number(newest.t);
    await db
      .deleteFrom('measurements')
      .where('site_id', '=', site?.id as number)
      .where('period', '=', 'hour')
      .where('time', '>=', last - 30 * H)
      .where('time', '<=', last - 28 * H)
      .execute();
    await db
      .updateTable('measurements')
      .set({ value: null, flag: 'D' })
      .where('site_id', '=', site?.id as number)
      .where('period', '=', 'hour')
      .where('time', '=', last - 40 * H)
      .execute();
  })();
  return gapsMade;
}

/** The x-axis labels of a drawn chart: its SVG texts below the plot (legend and axis names are above). */
async function axisTexts(page: Page, chart: string): Promise<string[]> {
  return page.$$eval(`[data-chart="${chart}"] svg text`, (nodes) => nodes.map((n) => n.textContent ?? ''));
}

async function signedIn(username: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await demo.open('/login', { viewport });
  await signIn(page, username);
  await page.waitForSelector('[data-page="overview"]');
  return page;
}

describe.skipIf(!available)('roles and charts in Chromium', () => {
  for (const [width, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`station (${width}): the 7-day axis carries dates, in both languages`, async () => {
      for (const lang of ['zh', 'en'] as const) {
        const page = await demo.open('/station/QB-T02', { viewport, lang });
        await page.waitForSelector('[data-chart="series"][data-drawn] svg path', { state: 'attached' });
        await page.getByRole('button', { name: lang === 'zh' ? '7天' : '7 days' }).click();
        await page.waitForFunction(
          () => document.querySelectorAll('[data-chart="series"] svg text').length > 0,
        );
        const date =
          lang === 'zh'
            ? /^\d{1,2}\/\d{1,2}$/
            : /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/;
        // Two-level labels are drawn line by line: the date is a text (or tspan) of its own.
        await page.waitForFunction((src) => {
          const re = new RegExp(src);
          const texts = [
            ...document.querySelectorAll('[data-chart="series"] svg text, [data-chart="series"] svg tspan'),
          ];
          return texts.filter((n) => re.test((n.textContent ?? '').trim())).length >= 3;
        }, date.source);
        const texts = await axisTexts(page, 'series');
        expect(texts.join(' ')).toMatch(lang === 'zh' ? /\d+\/\d+/ : /\d+ [A-Z][a-z]{2}/);
        await page.context().close();
      }
    });

    it(`station (${width}): the calendar has a legend with the category names`, async () => {
      for (const lang of ['zh', 'en'] as const) {
        const page = await demo.open('/station/QB-T02', { viewport, lang });
        await page.waitForSelector('[data-chart="calendar"][data-drawn] svg', { state: 'attached' });
        const legend = page.locator('[data-legend="calendar"]');
        const items = await legend.locator('li[data-level]').allTextContents();
        expect(items).toHaveLength(7);
        for (const [i, name] of CATEGORIES[lang].entries()) expect(items[i]).toContain(name);
        expect(items[6]).toBe(lang === 'zh' ? '无数据' : 'No data');
        // Each swatch is the category's own colour (HJ 633: 优 green #00E400).
        expect(
          await legend.locator('li[data-level="1"]').evaluate((n) => getComputedStyle(n).backgroundColor),
        ).toBe('rgb(0, 228, 0)');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport.width,
        );
        await page.context().close();
      }
    });

    it(`station (${width}): missing hours are a gap in the line, with why, and 数据缺失 in the legend`, async () => {
      await makeGaps();
      const page = await demo.open('/station/QB-T01', { viewport });
      await page.waitForSelector('[data-chart="series"][data-drawn] svg path', { state: 'attached' });
      await page.waitForSelector('[data-gaps] li[data-gap-reason]');
      const note = page.locator('[data-gaps]');
      expect(await note.locator('li[data-gap-reason="no-data"]').textContent()).toMatch(/– .*：无数据/);
      expect(await note.locator('li[data-gap-reason="invalid"]').textContent()).toContain('标记 D');
      expect(await note.textContent()).toContain('不作插值');
      expect(await page.locator('[data-legend="series"] [data-legend-gap]').textContent()).toBe('数据缺失');
      expect((await axisTexts(page, 'series')).join(' ')).toContain('数据缺失');
      // The PM2.5 line (its colour) is drawn in pieces: it breaks at the missing hours instead of bridging them.
      const pieces = await page.$$eval('[data-chart="series"] svg path[stroke="#7b4fd0"]', (paths) =>
        paths.map((p) => (p.getAttribute('d') ?? '').match(/M/g)?.length ?? 0),
      );
      expect(pieces.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
      // Hovering the missing hours (the 3-day window's hours 41–43 of 72) tells why in the tooltip.
      const box = await page.locator('[data-chart="series"]').boundingBox();
      if (!box) throw new Error('no series chart');
      const plotLeft = box.x + 44;
      const plotWidth = box.width - 44 - 48;
      await page.mouse.move(plotLeft + ((42 + 0.5) / 72) * plotWidth, box.y + box.height * 0.7);
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-chart="series"] [data-gap-reason="no-data"]')].some((n) =>
          (n.textContent ?? '').includes('数据缺失：无数据'),
        ),
      );
      await page.context().close();
    });

    it(`overview (${width}): the township user sees its own township first, marked at its true rank`, async () => {
      const page = await signedIn('demo-township', viewport);
      const card = page.locator('[data-my-township="410611001"]');
      await card.waitFor();
      // First on the page, before the district's targets.
      expect(
        await page.$eval('[data-page="overview"]', (el) =>
          el.firstElementChild?.getAttribute('data-my-township'),
        ),
      ).toBe('410611001');
      expect(await card.textContent()).toContain('本街道');
      expect(await card.locator('[data-station="QB-T01"]').count()).toBe(1);
      expect(await card.locator('[data-station] .aqi-badge').count()).toBeGreaterThan(0);
      // Marked in the township ranking, which keeps its order: ranks ascend, and the card's rank is the row's.
      const row = page.locator('[data-ranking="townships"] tr[data-mine="true"]');
      expect(await row.getAttribute('data-township')).toBe('410611001');
      expect(await row.locator('.mine-tag').textContent()).toBe('本街道');
      const ranks = (
        await page.locator('[data-ranking="townships"] tbody tr td:first-child').allTextContents()
      ).map(Number);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(await row.locator('td').first().textContent()).toBe(
        await card.locator('[data-my-township-rank]').getAttribute('data-my-township-rank'),
      );
      expect(await page.locator('[data-ranking="stations"] tr[data-mine="true"]').count()).toBeGreaterThan(0);
      await page.context().close();
    });

    it(`overview (${width}): the inspector sees its assigned outlets and not others’`, async () => {
      const page = await signedIn('demo-inspector', viewport);
      await page.waitForSelector('[data-my-outlets] [data-outlet]');
      const codes = await page.$$eval('[data-my-outlets] [data-outlet]', (els) =>
        els.map((e) => e.getAttribute('data-outlet')),
      );
      expect(codes).toEqual(['QB-E01', 'QB-E02']);
      const first = page.locator('[data-outlet="QB-E01"]');
      expect(await first.locator('[data-logger] [data-state]').count()).toBe(1);
      expect(await page.locator('[data-page="overview"] [data-my-township]').count()).toBe(0);
      // The server keeps to the assignment: the enterprise's outlet is not there for the inspector.
      const other = await page.context().request.get(`${demo.platform.url}/api/my/outlets/QB-E03`);
      expect(other.status()).toBe(404);
      const mine = await page.context().request.get(`${demo.platform.url}/api/my/outlets/QB-E01`);
      expect(mine.status()).toBe(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      await page.context().close();
    });
  }

  it('no console errors on any page visited', () => {
    expect(errors).toEqual([]);
  });
});
