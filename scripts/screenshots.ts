/**
 * `npm run screenshots`: builds the web app, starts the platform with a demo (400 days of history, so the
 * year-on-year comparisons have data), and saves each page at desktop and phone width into docs/screenshots/.
 * Also prints the overview's first paint and the time until its data is on screen.
 */
import { mkdirSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { connectLogger, dataPacket } from '../src/receiver/test-logger-client.ts';
import { buildWeb, hasChromium, launchChromium, startDemoPlatform } from '../src/web/e2e/browser.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
const DAYS = Number(process.env.QINGSHAN_DEMO_HISTORY_DAYS ?? 400);
const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 900, scale: 1 },
  { name: 'phone', width: 390, height: 844, scale: 2 },
] as const;
/**
 * `as`: the demo user the page is shown to (signed in first); `click`: what to open before the picture; `wait`: how
 * long `ready` may take (ms, default 20 s), `drawn`: what to wait for after the click.
 */
const ALL_PAGES: readonly {
  name: string;
  path: string;
  ready: string;
  as?: string;
  click?: string;
  wait?: number;
  drawn?: string;
}[] = [
  { name: 'overview', path: '/', ready: '[data-page="overview"]' },
  { name: 'map', path: '/map', ready: '[data-marker]' },
  { name: 'station', path: '/station/QB-T01', ready: '[data-chart="calendar"][data-drawn] svg' },
  { name: 'reports', path: '/reports', ready: '[data-report]' },
  { name: 'login', path: '/login', ready: '[data-login-form]' },
  {
    name: 'admin-users',
    path: '/admin/users',
    ready: '[data-users] tr[data-user="demo-public"]',
    as: 'demo-office-admin',
    click: '[data-user-menu]',
  },
  { name: 'admin-roles', path: '/admin/users', ready: '[data-users]', as: 'demo-office-admin', click: '[data-tab="roles"]' },
  {
    name: 'admin-audit',
    path: '/admin/audit',
    ready: '[data-audit] tbody tr[data-audit-entry]',
    as: 'demo-office-admin',
    click: '[data-verify]',
  },
  {
    name: 'admin-user-sites',
    path: '/admin/users',
    ready: '[data-users] tr[data-user="demo-inspector"] [data-action="sites"]',
    as: 'demo-office-admin',
    click: '[data-users] tr[data-user="demo-inspector"] [data-action="sites"]',
  },
  {
    // A live logger (the demo simulator connects once the history is seeded) opened, its real-time values drawn.
    name: 'devices',
    path: '/devices/410611DEA000000000000001',
    ready: '[data-devices] tr[data-device="410611DEA000000000000001"][data-state="online"]',
    as: 'demo-office-admin',
    click: '[data-chart-period] [data-period="raw"]',
    wait: 120_000,
    drawn: '[data-chart="device-series"][data-drawn] svg path[stroke="#2f7d4f"]',
  },
  {
    name: 'devices-quarantine',
    path: '/devices',
    ready: '[data-devices] tr[data-device]',
    as: 'demo-office-admin',
    click: '[data-tab="quarantine"]',
    drawn: '[data-quarantine] table, [data-quarantine-empty]',
  },
  { name: 'overview-township', path: '/', ready: '[data-my-township]', as: 'demo-township' },
  { name: 'overview-inspector', path: '/', ready: '[data-my-outlets] [data-outlet]', as: 'demo-inspector' },
  { name: 'admin-loggers', path: '/admin/loggers', ready: '[data-loggers] tr[data-logger]', as: 'demo-office-admin' },
  { name: 'admin-sites', path: '/admin/sites', ready: '[data-sites] tr[data-site]', as: 'demo-office-admin' },
  { name: 'admin-dust-days', path: '/admin/dust-days', ready: '[data-dust-days]', as: 'demo-office-admin' },
  { name: 'admin-figures', path: '/admin/figures', ready: '[data-figures]', as: 'demo-office-admin' },
  { name: 'account', path: '/account', ready: '[data-tokens]', as: 'demo-township' },
  { name: 'no-permission', path: '/admin/users', ready: '[data-no-permission]', as: 'demo-township' },
];
/** QINGSHAN_SCREENSHOTS=login,admin-users takes only those pages. */
const ONLY = process.env.QINGSHAN_SCREENSHOTS?.split(',').filter(Boolean);
const PAGES = ONLY ? ALL_PAGES.filter((p) => ONLY.includes(p.name)) : ALL_PAGES;

if (!hasChromium()) {
  process.stderr.write('screenshots: Chromium not found at /usr/bin/chromium (apt-get install chromium fonts-wqy-microhei)\n');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
process.stdout.write('building the web app…\n');
await buildWeb();
process.stdout.write(`starting the platform with ${DAYS} days of demo history…\n`);
const platform = await startDemoPlatform(DAYS);
const browser = await launchChromium();
if (!ONLY || ONLY.includes('devices-quarantine')) await quarantineSamples(platform.receiver.port);
try {
  // Let the live hub warm the overview once, as it does after every start.
  await fetch(`${platform.url}/api/dashboard/overview`);
  const sessions = new Map<string, Awaited<ReturnType<BrowserContext['cookies']>>>();
  for (const vp of VIEWPORTS) {
    for (const lang of ['zh', 'en'] as const) {
      const context = await browser.newContext({
        viewport: { width: vp.width, height: vp.height },
        deviceScaleFactor: vp.scale,
        locale: lang === 'zh' ? 'zh-CN' : 'en-GB',
        timezoneId: 'Asia/Shanghai',
      });
      await context.addInitScript((l) => localStorage.setItem('qingshan.lang', l), lang);
      const page = await context.newPage();
      for (const p of PAGES) {
        if (lang === 'en' && p.name !== 'overview') continue;
        await context.clearCookies();
        if (p.as) {
          // One log-in per demo user for the whole run: the log-in limits (issue 11) refuse a dozen a minute.
          let cookies = sessions.get(p.as);
          if (!cookies) {
            const res = await context.request.post(`${platform.url}/api/auth/login`, {
              data: { username: p.as, password: 'qingshan-demo' },
            });
            if (!res.ok()) throw new Error(`screenshots: cannot sign in as ${p.as}: ${res.status()}`);
            cookies = await context.cookies();
            sessions.set(p.as, cookies);
          }
          await context.addCookies(cookies);
        }
        await page.goto(`${platform.url}${p.path}`);
        await page.waitForSelector(p.ready, { timeout: p.wait ?? 20_000, state: 'attached' });
        if (p.click) await page.click(p.click);
        if (p.drawn) await page.waitForSelector(p.drawn, { timeout: p.wait ?? 20_000, state: 'attached' });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(400);
        const file = `${OUT}${p.name}-${vp.name}${lang === 'en' ? '-en' : ''}.png`;
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`  ${file}\n`);
      }
      await context.close();
    }
  }
  // The first-paint measurement is of the overview: only with the whole set of pictures.
  if (!ONLY) await measureOverview(platform.url);
} finally {
  await browser.close();
  await platform.close();
}

/** For 隔离区: a packet from a logger nobody registered and one from a demo logger with a wrong password. */
async function quarantineSamples(port: number): Promise<void> {
  const dataTime = new Date(Date.now() + 8 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  const logger = await connectLogger(port);
  logger.send(
    dataPacket({ qn: `${dataTime}001`, mn: '410611DEF000000000000777', pw: '123456', cn: '2011', dataTime, values: { a34004: 35 } }),
  );
  logger.send(
    dataPacket({ qn: `${dataTime}002`, mn: '410611DEA000000000000002', pw: 'guess', cn: '2061', dataTime, values: { a34004: 41, a34002: 77 } }),
  );
  await new Promise((r) => setTimeout(r, 1500));
  logger.close();
}

async function measureOverview(url: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const runs: { fcp: number; data: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const start = Date.now();
    await page.goto(`${url}/`);
    await page.waitForSelector('[data-target="R-T2"] [data-budget]');
    const data = Date.now() - start;
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    runs.push({ fcp, data });
  }
  const line = runs.map((r) => `${r.fcp.toFixed(0)}/${r.data}`).join(', ');
  process.stdout.write(`overview first contentful paint / targets on screen (ms), 5 loads: ${line}\n`);
  await context.close();
}
