import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPlatform } from '../web/e2e/browser.ts';
import type { RunningPlatform } from './start.ts';

// The dashboard's endpoints over HTTP, against the platform with a three-day demo, on a fixed clock: what
// "today" holds depends on the hour (from 20:00 Beijing time today already has the 20 hours a valid day needs).
/** 2026-06-15 12:30 Beijing time: today has 12 hours so far. */
const NOW = Date.parse('2026-06-15T12:30:00+08:00');
const TODAY = '2026-06-15';
const YESTERDAY = '2026-06-14';
let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startDemoPlatform(3, undefined, () => NOW);
}, 60_000);
afterAll(async () => {
  await platform?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths and assert their values
const get = async (path: string): Promise<any> => {
  const res = await fetch(`${platform.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
};

describe('dashboard endpoints', () => {
  it('overview: targets with the good-day budget, now, rankings of 12 stations and 10 townships', async () => {
    const o = await get('/api/dashboard/overview');
    expect(o.targets.goodRatio.target).toBe(67.5);
    expect(typeof o.targets.goodRatio.stillNeeded).toBe('number');
    expect(o.stations).toHaveLength(12);
    expect(o.townships).toHaveLength(10);
    // Ranked 1…12 in order, ties sharing a rank ("以并列计": 1, 2, 2, 4): with the GB 3095-2026 divisors of June
    // 2026 (issue 13) two demo stations share one index to 2 decimals.
    const ranks: number[] = o.stations.map((s: { rank: number }) => s.rank);
    ranks.forEach((r, i) => {
      expect(r === i + 1 || r === ranks[i - 1], `rank ${r} at ${i}`).toBe(true);
    });
    // The table the figures were rounded with travels with them (issue 13), so the web prints the same digits.
    expect(o.rounding.concentration['PM2.5']).toBe(1);
    expect(o.rounding.composite).toBe(2);
    expect(o.now.time).toBeTypeOf('number');
  });

  it('snapshot: every station at the newest hour, 24 hours for the slider, an earlier hour on request', async () => {
    const s = await get('/api/dashboard/snapshot');
    expect(s.stations).toHaveLength(12);
    expect(s.hours).toHaveLength(24);
    expect(s.at).toBe(s.latestHour);
    expect(s.stations[0].status).toBe('online');
    const earlier = await get(`/api/dashboard/snapshot?at=${s.hours[0]}`);
    expect(earlier.at).toBe(s.hours[0]);
  });

  it('hours and days: series per site, and why a day does not count', async () => {
    const h = await get('/api/dashboard/hours?sites=QB-T01,QB-T02&hours=24');
    expect(h.sites.map((s: { code: string }) => s.code)).toEqual(['QB-T01', 'QB-T02']);
    expect(h.sites[0].values['PM2.5']).toHaveLength(24);
    expect(h.sites[0].aqi).toHaveLength(24);
    const d = await get(`/api/dashboard/days?site=QB-T01&from=${TODAY}&to=${TODAY}`);
    // Today is not over: too few hours, and the reason says so.
    expect(d.days[0].valid).toBe(false);
    expect(d.days[0].reasons[0]).toMatchObject({ kind: 'hours', need: 20 });
    // Issue 13: each day says which rule made it count or not. Today (after 2026-03-01) is judged by HJ 633-2026
    // §5.3.1: with every pollutant short of hours there is no AQI to publish, so the day does not count.
    expect(d.days[0].verdict).toMatchObject({
      counts: false,
      rule: 'aqi-published-2026',
      reason: 'partial-aqi-na',
      clause: 'HJ 633-2026 §5.3.1',
    });
  });

  it('export: xlsx with the statistics, daily and notes sheets, CSV with a byte-order mark', async () => {
    const to = YESTERDAY;
    const xlsx = await fetch(`${platform.url}/api/dashboard/export?from=${to}&to=${to}`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const files = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    expect(strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array)).toContain('淇滨区（区域值）');
    // Issue 13: a third sheet, 说明, holds the report's notes (rules, district method, divisors, rounding).
    const notes = strFromU8(files['xl/worksheets/sheet3.xml'] as Uint8Array);
    expect(notes).toContain('district-method');
    expect(notes).toContain('先小时后站点');
    expect(notes).toContain('GB/T 8170');
    expect(notes).toContain('gb3095-2026-transition');
    const csv = await fetch(`${platform.url}/api/dashboard/export?from=${to}&to=${to}&format=csv&lang=en`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('Name,Code')).toBe(true);
    // The headline (deducted) row, the actual row beside it, and which is which.
    const codes = text.split(/\r?\n/).map((l) => l.split(',')[1]);
    expect(codes.slice(1, 3)).toEqual(['district', 'district-actual']);
    expect(text).toContain('headline: sand-dust and exceptional days deducted');
  });

  it('live: an event stream that says hello', async () => {
    const res = await fetch(`${platform.url}/api/live`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain('event: hello');
    await reader.cancel();
  });

  it('serves the web app for other paths; unknown API paths stay JSON 404s', async () => {
    const page = await fetch(`${platform.url}/station/QB-T01`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${platform.url}/api/nope`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
    expect((await fetch(`${platform.url}/../../package.json`)).status).not.toBe(500);
  });
});
