import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumOrWarn, type OpenOptions, useDemoBrowser } from './harness.ts';

// Issue 12: 总览 and 报表 print the same figures for the same period, and 报表 ranks (rank, rank change, sorting,
// townships, 环比/同比, legend, partial-period note), at desktop and phone width. The platform and the browser
// run at 20:45 Beijing time on 5 Feb 2026, when today already has the 20 hours that would make it a valid day if
// anything still counted the unfinished day; the 40-day demo covers all of January.
const NOW = Date.parse('2026-02-05T20:45:00+08:00');
const available = chromiumOrWarn('reports');
const demo = useDemoBrowser({ days: 40, available, now: () => NOW });
const PHONE = { width: 390, height: 844 };

const open = (path: string, o: OpenOptions = {}): Promise<Page> => demo.open(path, { clock: NOW, ...o });
const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).textContent()) ?? '').trim();

/** A table's figures by row: code → [rank, composite, PM2.5 mean, good-day ratio] as printed. */
async function reportRows(page: Page, table: 'stations' | 'townships'): Promise<Record<string, string[]>> {
  return page.locator(`[data-report="${table}"] tbody tr:not(.district)`).evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((tr) => {
        const cell = (col: string) => tr.querySelector(`[data-col="${col}"]`)?.textContent?.trim() ?? '';
        const rank = tr.querySelector('[data-rank]')?.textContent?.trim() ?? '';
        return [tr.getAttribute('data-row'), [rank, cell('composite'), cell('PM2.5'), cell('goodRatio')]];
      }),
    ),
  );
}

async function waitForReport(page: Page, span: string) {
  await page.waitForSelector(`[data-period-span="${span}"]`);
  await page.waitForSelector('[data-report="stations"] tr[data-row="district"]');
}

describe.skipIf(!available)('报表 ranks, and 总览 and 报表 agree (Chromium)', () => {
  it('the overview and the reports print the same figures for the year and the month so far', async () => {
    const page = await open('/');
    await page.waitForSelector('[data-ytd-row="this"]');
    // Every figure says which complete days it covers: 1 January to yesterday, 35 days.
    expect(await text(page, '[data-ytd] thead [data-period-span]')).toBe('2026年1月1日–2026年2月4日，35天');
    expect(await page.locator('.targets-head [data-period-span="2026-01-01_2026-02-04"]').count()).toBe(1);
    const ytd = {
      pm25: await text(page, '[data-ytd-row="this"] [data-col="pm25"]'),
      good: await text(page, '[data-ytd-row="this"] [data-col="goodRatio"]'),
      composite: await text(page, '[data-ytd-row="this"] [data-col="composite"]'),
    };
    // The target card and the table below it print PM2.5 to the same decimal.
    expect(await text(page, '[data-target="R-T1"] .big')).toContain(ytd.pm25);
    expect(ytd.pm25).toMatch(/^\d+\.\d$/);
    // Year on year against a year without data: no delta, and why (0 of 35 days valid, 32 needed).
    expect(await text(page, '[data-why="yoy"]')).toBe('去年同期有效天数不足：0/35（需 ≥ 32）');
    expect(await page.locator('[data-ytd-row="change"] td.num').count()).toBe(0);
    const ranking = (await page
      .locator('[data-ranking="stations"] tbody tr')
      .evaluateAll((rows) =>
        Object.fromEntries(
          rows.map((tr) => [
            tr.getAttribute('data-station'),
            [
              tr.querySelector('td')?.textContent?.trim(),
              tr.querySelector('[data-col="composite"]')?.textContent?.trim(),
              tr.querySelector('[data-col="pm25"]')?.textContent?.trim() ?? '',
            ],
          ]),
        ),
      )) as Record<string, string[]>;
    expect(Object.keys(ranking)).toHaveLength(12);
    await page.context().close();

    // 报表 opens on the month that holds the last complete day: 1–4 February.
    const report = await open('/reports');
    await waitForReport(report, '2026-02-01_2026-02-04');
    const month = await reportRows(report, 'stations');
    for (const [code, [rank, composite, pm25]] of Object.entries(ranking)) {
      expect([
        code,
        month[code as string]?.[0],
        month[code as string]?.[1],
        month[code as string]?.[2],
      ]).toEqual([code, rank, composite, pm25]);
    }
    // The year so far: the district row equals the overview's year to date.
    await report.locator('[data-period-kind="year"]').click();
    await waitForReport(report, '2026-01-01_2026-02-04');
    const district = report.locator('[data-report="stations"] tr[data-row="district"]');
    expect(await district.locator('[data-col="PM2.5"]').textContent()).toBe(ytd.pm25);
    expect(await district.locator('[data-col="goodRatio"]').textContent()).toBe(ytd.good);
    expect(await district.locator('[data-col="composite"]').textContent()).toBe(ytd.composite);
    expect(await text(report, '[data-partial]')).toBe('本年仅含 35 个完整日（截至 2026年2月4日）');
    await report.context().close();
  });

  it('desktop: rank and rank change, sortable columns by mouse and keyboard, townships, legend, partial note', async () => {
    const page = await open('/reports');
    await waitForReport(page, '2026-02-01_2026-02-04');
    expect(await text(page, '[data-partial]')).toBe('本月仅含 4 个完整日（截至 2026年2月4日）');
    expect(await text(page, '[data-compared-with]')).toContain('2026年1月1日–2026年1月31日');
    // Ranked by composite index, lowest first; the district row stays on top.
    const rows = page.locator('[data-report="stations"] tbody tr');
    expect(await rows.first().getAttribute('data-row')).toBe('district');
    const byRank = await reportRows(page, 'stations');
    const ranks = Object.values(byRank).map((r) => Number(r[0]));
    expect(ranks).toHaveLength(12);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBe(1);
    // January is fully covered, so each station has a rank change (↑n, ↓n or =) and a 环比 value.
    expect(await page.locator('[data-report="stations"] [data-rank-change]').count()).toBe(12);
    expect(await page.locator('[data-report="stations"] [data-incomparable="mom"]').count()).toBe(0);
    // Last year has no data: 同比 is not shown, and the cell says why.
    expect(await page.locator('[data-report="stations"] [data-incomparable="yoy"]').count()).toBe(26);
    expect(await text(page, '[data-why="yoy"]')).toBe('去年同期有效天数不足：0/4（需 ≥ 4）');
    // Sorting: click PM2.5 → ascending, again → descending; aria-sort follows.
    const pm = page.locator('[data-report="stations"] th:has(button[data-sort="PM2.5"])');
    await page.locator('[data-report="stations"] button[data-sort="PM2.5"]').click();
    expect(await pm.getAttribute('aria-sort')).toBe('ascending');
    const asc = Object.values(await reportRows(page, 'stations')).map((r) => Number(r[2]));
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await page.locator('[data-report="stations"] button[data-sort="PM2.5"]').click();
    expect(await pm.getAttribute('aria-sort')).toBe('descending');
    const desc = Object.values(await reportRows(page, 'stations')).map((r) => Number(r[2]));
    expect(desc).toEqual([...asc].reverse());
    expect(await rows.first().getAttribute('data-row')).toBe('district');
    // Keyboard: Tab to the composite header's button, Enter sorts by it.
    await page.locator('[data-report="stations"] button[data-sort="composite"]').focus();
    await page.keyboard.press('Enter');
    const comp = page.locator('[data-report="stations"] th:has(button[data-sort="composite"])');
    expect(await comp.getAttribute('aria-sort')).toBe('ascending');
    expect(await pm.getAttribute('aria-sort')).toBe('none');
    // The township roll-up: ten townships, ranked, with their stations counted.
    const towns = await reportRows(page, 'townships');
    expect(Object.keys(towns)).toHaveLength(10);
    expect(Object.values(towns).some((r) => r[0] === '1')).toBe(true);
    // A month's means are not judged against annual limits: no red cell, and the legend says why.
    expect(await page.locator('[data-report] td.bad').count()).toBe(0);
    expect(await page.locator('[data-legend-item="no-colour"]').count()).toBe(1);
    expect(await page.locator('[data-legend-item="bad"]').count()).toBe(0);
    // Every colour used in the cells has a legend entry.
    const used = await page
      .locator(
        '[data-report] td .chg-better, [data-report] td .chg-worse, [data-report] td.chg-better, [data-report] td.chg-worse',
      )
      .count();
    expect(used).toBeGreaterThan(0);
    for (const item of ['better', 'worse'])
      expect(await page.locator(`[data-legend-item="${item}"]`).isVisible()).toBe(true);
    // A whole calendar year is judged against GB 3095 表1: failing cells are coloured, and the legend says so.
    await page.locator('[data-period-kind="year"]').click();
    await page.locator('.period-picker select').selectOption('2025');
    await waitForReport(page, '2025-01-01_2025-12-31');
    expect(await page.locator('[data-legend-item="bad"]').count()).toBe(1);
    expect(await page.locator('[data-report="stations"] td.bad').count()).toBeGreaterThan(0);
    // Wide tables follow the shared convention: scroll box and a sticky name column.
    expect(await page.locator('.table-scroll > table[data-report="stations"]').count()).toBe(1);
    expect(await page.locator('[data-report="stations"] tbody tr td.sticky-col').count()).toBe(13);
    // Issue 13: the notes say which rules, district method, divisors and rounding table made the figures.
    const notes = page.locator('[data-method-notes]');
    expect(await notes.locator('h3').textContent()).toBe('计算说明');
    expect(await notes.locator('[data-note="standards"]').textContent()).toContain('HJ 633-2012');
    expect(await notes.locator('[data-note="district-method"]').textContent()).toContain('先小时后站点');
    expect(await notes.locator('[data-note="district-method"] .tag').textContent()).toContain('未经标准确认');
    expect(await notes.locator('[data-note="composite-divisors"]').textContent()).toContain('PM2.5 35');
    expect(await notes.locator('[data-note="rounding"]').textContent()).toContain('PM2.5 0.1');
    await page.context().close();
  });

  it('desktop: the Excel export carries the rank columns', async () => {
    const res = await fetch(
      `${demo.platform.url}/api/dashboard/export?from=2026-02-01&to=2026-02-28&format=csv&lang=zh`,
    );
    const csv = await res.text();
    const [header, , first] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header).toContain('排名');
    expect(header).toContain('排名变化');
    expect(header).toContain('综合指数环比(%)');
    expect(first?.split(',')[3]).toBe('2026-02-04');
    expect(csv).toContain('乡镇（街道）');
  });

  it('phone: the table scrolls in its box with the names fixed, and sorting, legend and note work', async () => {
    const page = await open('/reports', { viewport: PHONE });
    await waitForReport(page, '2026-02-01_2026-02-04');
    expect(await page.locator('[data-partial]').isVisible()).toBe(true);
    const box = page.locator('.table-scroll:has(> table[data-report="stations"])');
    const { scrollWidth, clientWidth } = await box.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The page itself does not scroll sideways: only the table's box does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // Scrolled to the far right, the station name is still in view.
    await box.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    const name = page.locator('[data-report="stations"] tr[data-row="QB-T01"] td.sticky-col');
    const boxRect = await box.boundingBox();
    const nameRect = await name.boundingBox();
    expect(nameRect && boxRect && nameRect.x >= boxRect.x - 1 && nameRect.x < boxRect.x + 40).toBe(true);
    await page.locator('[data-report="stations"] button[data-sort="composite"]').click();
    expect(
      await page
        .locator('[data-report="stations"] th:has(button[data-sort="composite"])')
        .getAttribute('aria-sort'),
    ).toBe('ascending');
    // Header buttons are touch targets of at least 44 px.
    const sizes = await page
      .locator('[data-report="stations"] button[data-sort]')
      .evaluateAll((bs) =>
        bs.map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height)),
      );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(44);
    const legend = page.locator('[data-legend]');
    await legend.scrollIntoViewIfNeeded();
    expect(await legend.isVisible()).toBe(true);
    const legendBox = await legend.boundingBox();
    expect(legendBox && legendBox.x + legendBox.width <= PHONE.width).toBe(true);
    await page.context().close();
    expect(demo.errors).toEqual([]);
  });
});
