/**
 * Page weight and first paint (issue 12, "Weight"): each page of the dashboard opened in headless Chromium with
 * an empty cache, once refusing compression (Accept-Encoding: identity — what every client got before) and once
 * as a browser asks (gzip, deflate, br). Sums what crossed the wire (Network.loadingFinished encodedDataLength:
 * headers and body) and the decoded bodies, and times the map page on Chrome DevTools' "Fast 3G" profile.
 *
 *   npx tsx bench/page-weight-bench.ts [--runs 3]
 *
 * Needs Chromium (QINGSHAN_CHROMIUM, default /usr/bin/chromium); starts the platform with a 3-day demo.
 */
import { parseArgs } from 'node:util';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { buildWeb, hasChromium, launchChromium, startDemoPlatform } from '../src/web/e2e/browser.ts';

/**
 * Chrome DevTools' "Fast 3G" preset (front_end/core/sdk/NetworkManager.ts): 1.6 Mbps down and 750 kbps up at
 * 90 % goodput, 150 ms round trip × 3.75 (DevTools' factor from RTT to request latency) = 562.5 ms.
 */
export const FAST_3G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
} as const;

export const PAGES: readonly { name: string; path: string; ready: string }[] = [
  { name: '总览 overview', path: '/', ready: 'main' },
  { name: '地图 map', path: '/map', ready: '[data-chart="map"][data-drawn] svg path' },
  { name: '站点 station', path: '/station/QB-T01', ready: 'main' },
  { name: '报表 reports', path: '/reports', ready: 'main' },
];

type Mode = 'identity' | 'compressed';

interface Visit {
  transferred: number;
  decoded: number;
  requests: number;
  encoded: number;
  firstPaintMs?: number;
  firstContentfulPaintMs?: number;
  readyMs: number;
}

/** Counts every finished request of the page (the open /api/live stream never finishes and is not counted). */
function trackBytes(cdp: CDPSession) {
  const decoded = new Map<string, number>();
  const encodedResponses = new Set<string>();
  let transferred = 0;
  let requests = 0;
  cdp.on('Network.dataReceived', (e) =>
    decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength),
  );
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(
      Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    if (headers['content-encoding']) encodedResponses.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    transferred += e.encodedDataLength;
    requests++;
  });
  return () => ({
    transferred,
    requests,
    decoded: [...decoded.values()].reduce((a, b) => a + b, 0),
    encoded: encodedResponses.size,
  });
}

async function visit(
  browser: Browser,
  url: string,
  ready: string,
  mode: Mode,
  throttle: boolean,
): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (mode === 'identity')
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  if (throttle) await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  const bytes = trackBytes(cdp);
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForSelector(ready, { state: 'attached', timeout: 120_000 });
  const readyMs = Date.now() - started;
  // Whatever the page fetches after its first render (charts' data) before counting.
  await page.waitForTimeout(throttle ? 3000 : 1500);
  const paints = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, Math.round(p.startTime)])),
  );
  const result = bytes();
  await context.close();
  return {
    ...result,
    readyMs,
    ...(paints['first-paint'] !== undefined ? { firstPaintMs: paints['first-paint'] } : {}),
    ...(paints['first-contentful-paint'] !== undefined
      ? { firstContentfulPaintMs: paints['first-contentful-paint'] }
      : {}),
  };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function runPageWeightBench(runs: number, log: (line: string) => void): Promise<void> {
  if (!hasChromium()) {
    log('!!! SKIPPED: no Chromium (set QINGSHAN_CHROMIUM)');
    return;
  }
  await buildWeb();
  const platform = await startDemoPlatform(3);
  const browser = await launchChromium();
  try {
    log('page weight, empty cache (sum of transferred bytes incl. headers; decoded bodies in brackets)');
    for (const p of PAGES) {
      const before = await visit(browser, platform.url + p.path, p.ready, 'identity', false);
      const after = await visit(browser, platform.url + p.path, p.ready, 'compressed', false);
      log(
        `  ${p.name.padEnd(14)} ${String(after.requests).padStart(2)} requests: ` +
          `before ${kB(before.transferred)} (${kB(before.decoded)}) → after ${kB(after.transferred)} ` +
          `(${after.encoded} compressed answers) = ${Math.round((after.transferred / before.transferred) * 100)} %`,
      );
    }
    log(`map page on Fast 3G (${JSON.stringify(FAST_3G)}), median of ${runs}`);
    for (const mode of ['identity', 'compressed'] as const) {
      const visits: Visit[] = [];
      for (let i = 0; i < runs; i++)
        visits.push(await visit(browser, `${platform.url}/map`, PAGES[1]?.ready as string, mode, true));
      log(
        `  ${mode === 'identity' ? 'before (uncompressed)' : 'after (br/gzip)'}: first paint ` +
          `${median(visits.map((v) => v.firstPaintMs ?? Number.NaN))} ms, first contentful paint ` +
          `${median(visits.map((v) => v.firstContentfulPaintMs ?? Number.NaN))} ms, map drawn ` +
          `${median(visits.map((v) => v.readyMs))} ms, ${kB(median(visits.map((v) => v.transferred)))} transferred`,
      );
    }
  } finally {
    await browser.close();
    await platform.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  await runPageWeightBench(Number(values.runs), (line) => console.log(line));
}
