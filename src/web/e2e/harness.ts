import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/demo-users.ts';
import type { RunningPlatform } from '../../server/start.ts';
import { buildWeb, CHROMIUM, hasChromium, launchChromium, startDemoPlatform } from './browser.ts';

/**
 * True when Chromium is there. Without it a suite is skipped with a loud warning — except under CI, where
 * .ci/run installs it, so its absence is an error.
 */
export function chromiumOrWarn(suite: string): boolean {
  if (hasChromium()) return true;
  const message = `WARNING: Chromium not found at ${CHROMIUM}: the ${suite} browser tests are SKIPPED (.ci/run installs it)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(message.length)}\n${message}\n${'!'.repeat(message.length)}\n`);
  return false;
}

export interface OpenOptions {
  lang?: 'zh' | 'en';
  viewport?: { width: number; height: number };
  acceptDownloads?: boolean;
  /** The browser's clock, fixed at this epoch ms (page.clock), for pages that show the age of a value. */
  clock?: number;
}

export interface DemoBrowser {
  /** The running platform (set once the suite's beforeAll has run). */
  readonly platform: RunningPlatform;
  /** Console errors and page errors of every page opened, for a suite's "no errors" check. */
  readonly errors: string[];
  open(path: string, options?: OpenOptions): Promise<Page>;
  signIn(page: Page, username: string, password?: string): Promise<void>;
}

/**
 * One demo platform (`days` of history, its demo users and simulator) and one Chromium for a suite, started in
 * beforeAll and closed in afterAll. `ignoreConsole` filters console errors the suite expects (a refused log-in's
 * 401, say).
 */
export function useDemoBrowser(options: {
  days: number;
  available: boolean;
  ignoreConsole?: RegExp;
  /** The platform's clock (demo history ends at the last hour before it), for tests that depend on the hour. */
  now?: () => number;
}): DemoBrowser {
  let platform: RunningPlatform | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    if (!options.available) return;
    await buildWeb();
    platform = await startDemoPlatform(options.days, undefined, options.now);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });
  const running = () => {
    if (!platform || !browser) throw new Error('the demo browser is not started (no Chromium?)');
    return { platform, browser };
  };
  return {
    get platform() {
      return running().platform;
    },
    errors,
    async open(path, o = {}) {
      const { platform: p, browser: b } = running();
      const context = await b.newContext({
        viewport: o.viewport ?? { width: 1280, height: 900 },
        ...(o.acceptDownloads ? { acceptDownloads: true } : {}),
      });
      await context.addInitScript((l) => localStorage.setItem('qingshan.lang', l), o.lang ?? 'zh');
      const page = await context.newPage();
      if (o.clock !== undefined) await page.clock.setFixedTime(o.clock);
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        if (options.ignoreConsole?.test(m.text())) return;
        errors.push(`${path}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
      await page.goto(`${p.url}${path}`);
      return page;
    },
    async signIn(page, username, password = DEMO_PASSWORD) {
      await page.waitForSelector('[data-login-form]');
      await page.fill('input[name="username"]', username);
      await page.fill('input[name="password"]', password);
      await page.click('[data-login-submit]');
    },
  };
}
