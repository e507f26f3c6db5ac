import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { markDustDay } from '#services/dust-days.service.ts';
import { chromiumOrWarn, type OpenOptions, useDemoBrowser } from './harness.ts';

// Issue 13: 报表 and 总览 show the headline figures, sand-dust and exceptional days deducted (扣除沙尘等异常天后), with
// the actual figures (实况) beside them, in both languages, at desktop and phone width. A 40-day demo at 20:45 on
// 5 Feb 2026; the suite marks 2 February as a sand-dust day, so the month so far (1–4 February) and the year to
// date each hold one deducted day.
const NOW = Date.parse('2026-02-05T20:45:00+08:00');
const available = chromiumOrWarn('deducted figures');
const demo = useDemoBrowser({ days: 40, available, now: () => NOW });
const PHONE = { width: 390, height: 844 };
const open = (path: string, o: OpenOptions = {}): Promise<Page> => demo.open(path, { clock: NOW, ...o });

/** The pair as printed: figures row → [good-day ratio, PM2.5, composite, valid days]. */
async function pair(page: Page): Promise<Record<string, string[]>> {
  return page.locator('[data-deducted-actual] tbody tr').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((tr) => {
        const cell = (col: string) => tr.querySelector(`[data-col="${col}"]`)?.textContent?.trim() ?? '';
        return [
          tr.getAttribute('data-figures'),
          [cell('goodRatio'), cell('pm25'), cell('composite'), cell('validDays')],
        ];
      }),
    ),
  );
}

let marked = false;
async function markOnce() {
  if (marked) return;
  await markDustDay(
    demo.platform.db,
    '2026-02-02',
    '沙尘过程',
    { actor: 'e2e' },
    { noticeRef: '豫环办〔2026〕3号' },
  );
  marked = true;
}

describe.skipIf(!available)('deducted (headline) and actual figures on 报表 and 总览 (Chromium)', () => {
  for (const c of [
    { label: 'desktop, 中文', lang: 'zh' as const, viewport: undefined },
    { label: 'phone 390 px, English', lang: 'en' as const, viewport: PHONE },
  ]) {
    it(`报表 shows the headline with the actual beside it, and the notes (${c.label})`, async () => {
      await markOnce();
      const page = await open('/reports', { lang: c.lang, ...(c.viewport ? { viewport: c.viewport } : {}) });
      await page.waitForSelector('[data-period-span="2026-02-01_2026-02-04"]');
      const box = page.locator('[data-deducted-actual]');
      await box.waitFor();
      expect(await box.getAttribute('data-deducted-days')).toBe('1');
      const head = (await box.locator('tr[data-figures="deducted"] th').textContent()) ?? '';
      const actual = (await box.locator('tr[data-figures="actual"] th').textContent()) ?? '';
      if (c.lang === 'zh') {
        expect(head).toContain('扣除沙尘等异常天后');
        expect(head).toContain('主要数据');
        expect(actual).toContain('实况');
      } else {
        expect(head).toContain('Sand-dust and exceptional days deducted');
        expect(actual).toContain('Actual');
      }
      const p = await pair(page);
      // The marked day leaves the headline's valid days; the actual keeps it.
      expect(Number(p.actual?.[3])).toBe(Number(p.deducted?.[3]) + 1);
      // The headline is the district row of the ranking table.
      const districtGood = await page
        .locator('[data-report="stations"] tr[data-row="district"] [data-col="goodRatio"]')
        .textContent();
      expect(districtGood?.trim()).toBe(p.deducted?.[0]);
      // The day-rule and headline notes are among the report's notes (计算说明), in the page's language.
      const notes = page.locator('[data-method-notes]');
      expect(await notes.locator('[data-note="day-rule"]').textContent()).toContain(
        c.lang === 'zh' ? '有效天规则（按数据日期）' : 'Day rule by date',
      );
      expect(await notes.locator('[data-note="headline"]').textContent()).toContain(
        c.lang === 'zh'
          ? '主要数据为扣除沙尘等异常天（1 天）后数据'
          : 'Headline: 1 sand-dust or exceptional day(s) deducted',
      );
      if (c.viewport) {
        // The pair fits the phone: its box scrolls rather than the page.
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(PHONE.width);
      }
      await page.context().close();
    });

    it(`总览 shows the year to date deducted with the actual beside it (${c.label})`, async () => {
      await markOnce();
      const page = await open('/', { lang: c.lang, ...(c.viewport ? { viewport: c.viewport } : {}) });
      await page.waitForSelector('[data-ytd-row="this"]');
      const box = page.locator('[data-deducted-actual]');
      await box.waitFor();
      const p = await pair(page);
      expect(await box.getAttribute('data-deducted-days')).toBe('1');
      // The headline is the year-to-date row above it; the actual has one more valid day.
      const ytdGood = await page.locator('[data-ytd-row="this"] [data-col="goodRatio"]').textContent();
      expect(ytdGood?.trim()).toBe(p.deducted?.[0]);
      expect(Number(p.actual?.[3])).toBe(Number(p.deducted?.[3]) + 1);
      expect(await page.locator('[data-deducted-note]').textContent()).toContain(
        c.lang === 'zh' ? '扣除沙尘天气及异常日 1 天' : '1 sand-dust or exceptional day(s) deducted',
      );
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
