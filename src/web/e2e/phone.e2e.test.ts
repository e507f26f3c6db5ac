import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumOrWarn, useDemoBrowser } from './harness.ts';

// Every page at phone width (390 × 844, 360 × 740) and at desktop width, as the district office's administrator:
// no table cell or badge cut off, no page that scrolls sideways, the active menu item on screen, and on a phone
// no touch target under 44 × 44 px. Generic checks over a list of routes: a page added later joins by a line.
const available = chromiumOrWarn('phone');
const demo = useDemoBrowser({ days: 8, available });

/** Each page and what shows that its data are in. */
const ROUTES: readonly { path: string; ready: string }[] = [
  { path: '/', ready: '[data-ranking="stations"] tbody tr' },
  { path: '/map', ready: '[data-marker]' },
  { path: '/station/QB-T01', ready: '[data-stats] [data-valid-days]' },
  { path: '/reports', ready: '[data-report] tr[data-row="district"]' },
  { path: '/devices', ready: '[data-devices] tbody tr[data-device]' },
  { path: '/devices/410611DEA000000000000001', ready: '[data-factors] tbody tr' },
  { path: '/account', ready: '[data-page="account"]' },
  { path: '/admin/users', ready: '[data-users] tr[data-user="demo-public"]' },
  { path: '/admin/audit', ready: '[data-audit] tbody tr' },
];

const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const;
const DESKTOP = { width: 1280, height: 900 } as const;

/** Signed in as the office's administrator, who sees every page. */
async function adminPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await demo.open('/login', { viewport });
  await demo.signIn(page, 'demo-office-admin');
  await page.waitForSelector('[data-user-menu]');
  return page;
}

async function visit(page: Page, route: { path: string; ready: string }): Promise<void> {
  await page.goto(`${demo.platform.url}${route.path}`);
  await page.waitForSelector(route.ready, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('main .loading').length === 0, undefined, {
    timeout: 30_000,
  });
  // Let the scroll cues and the nav settle (one observer pass, one frame).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * What is cut off: a cell or badge whose content overflows it, or that reaches past an ancestor that clips
 * (overflow hidden or clip) without being able to scroll there; and a page wider than the screen.
 */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1)
      out.push(`the page scrolls sideways: ${root.scrollWidth} px in ${root.clientWidth} px`);
    for (const el of document.querySelectorAll<HTMLElement>('td, th, .aqi-badge, .status, .pill')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1)
        out.push(`${describe(el)} overflows itself: ${el.scrollWidth} > ${el.clientWidth}`);
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'auto' || s.overflowX === 'scroll') break; // it can be scrolled to
        if (s.overflowX !== 'hidden' && s.overflowX !== 'clip') continue;
        const r = a.getBoundingClientRect();
        if (
          box.left < r.left - 1 ||
          box.right > r.right + 1 ||
          box.top < r.top - 1 ||
          box.bottom > r.bottom + 1
        )
          out.push(`${describe(el)} is cut by ${describe(a)}`);
        break;
      }
    }
    // A table box that scrolls sideways says so: the fade and the 「左右滑动查看更多」 line need data-overflow.
    for (const box of document.querySelectorAll<HTMLElement>('.table-scroll, .table-wrap')) {
      if (box.getBoundingClientRect().width === 0 || box.scrollWidth <= box.clientWidth + 1) continue;
      const cue = getComputedStyle(box, '::before').content;
      if (box.dataset.overflow === 'none' || !box.dataset.overflow || cue === 'none' || cue === 'normal')
        out.push(`${describe(box)} scrolls sideways without a cue`);
    }
    return out;
  });
}

/**
 * Touch targets under 44 × 44 px (WCAG 2.5.5). A check box or radio counts by its label. Exempt, as WCAG's
 * "inline" exception: links inside a sentence (a <p>), whose size is the text's.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const selector = 'a[href], button, input, select, textarea, summary, [role="button"]';
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (el.closest('p')) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || (el as HTMLInputElement).type === 'hidden') continue;
      const target =
        el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')
          ? (el.closest('label') ?? el)
          : el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown (display: none on it or above)
      if (r.width < 43.5 || r.height < 43.5)
        out.push(
          `${target.tagName.toLowerCase()} "${(target.textContent || target.getAttribute('aria-label') || '').trim().slice(0, 24)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    return out;
  });
}

/** Active menu items (the current page's) and selected tabs that are not fully on screen. */
function activeOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'nav a.active, nav [aria-current="page"], [role="tablist"] [aria-selected="true"]',
      ),
    ]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < -1 || r.right > document.documentElement.clientWidth + 1;
      })
      .map((el) => (el.textContent ?? '').trim()),
  );
}

describe.skipIf(!available)('every page at phone and desktop width', () => {
  for (const viewport of PHONES) {
    it(`${viewport.width} × ${viewport.height}: nothing cut off, targets of 44 px, the active item in view`, async () => {
      const page = await adminPage(viewport);
      const problems: string[] = [];
      for (const route of ROUTES) {
        await visit(page, route);
        for (const p of await clipped(page)) problems.push(`${route.path}: ${p}`);
        for (const p of await smallTargets(page)) problems.push(`${route.path}: small target ${p}`);
        for (const p of await activeOffScreen(page))
          problems.push(`${route.path}: active item off screen ${p}`);
      }
      // The account menu's own links and buttons, opened.
      await page.locator('[data-user-menu]').click();
      await page.waitForSelector('[data-user-panel]');
      for (const p of await smallTargets(page)) problems.push(`user menu: small target ${p}`);
      expect(problems).toEqual([]);
      await page.context().close();
    }, 240_000);
  }

  it('desktop: nothing cut off, the active item in view', async () => {
    const page = await adminPage(DESKTOP);
    const problems: string[] = [];
    for (const route of ROUTES) {
      await visit(page, route);
      for (const p of await clipped(page)) problems.push(`${route.path}: ${p}`);
      for (const p of await activeOffScreen(page))
        problems.push(`${route.path}: active item off screen ${p}`);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('phone: a table wider than its box says so and keeps its key column at the left when scrolled', async () => {
    const page = await adminPage(PHONES[1]);
    await visit(page, { path: '/reports', ready: '[data-report] tr[data-row="district"]' });
    const box = page.locator('.table-scroll:has([data-report]), .table-wrap:has([data-report])').first();
    expect(await box.getAttribute('data-overflow')).toBe('right');
    const hint = await box.evaluate((el) => getComputedStyle(el, '::before').content);
    expect(hint).toContain('左右滑动查看更多');
    await box.evaluate((el) => {
      el.scrollLeft = 200;
    });
    await page.waitForFunction(
      () =>
        document
          .querySelector('.table-wrap:has([data-report]), .table-scroll:has([data-report])')
          ?.getAttribute('data-overflow') !== 'right',
    );
    // The key (first) column has not moved: still at the box's left edge.
    const [boxLeft, firstLeft] = await box.evaluate((el) => [
      el.getBoundingClientRect().left,
      (el.querySelector('tbody tr td') as HTMLElement).getBoundingClientRect().left,
    ]);
    expect(Math.abs((firstLeft as number) - (boxLeft as number))).toBeLessThan(2);
    await page.context().close();
  }, 120_000);

  it('phone: the admin’s active menu item (审计日志, last in the nav) is scrolled into view', async () => {
    const page = await adminPage(PHONES[1]);
    await visit(page, { path: '/admin/audit', ready: '[data-audit] tbody tr' });
    const nav = page.locator('header nav');
    expect(await nav.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await activeOffScreen(page)).toEqual([]);
    expect(await nav.locator('[aria-current="page"]').textContent()).toBe('审计日志');
    await page.context().close();
  }, 120_000);

  it('no console errors', () => {
    expect(demo.errors).toEqual([]);
  });
});
