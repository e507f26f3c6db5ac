import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIST_CODES } from '#contract/common.ts';
import { connectLogger } from '../receiver/test-logger-client.ts';
import { type AbusePlatform, loggerPacket, STATIONS, startAbusePlatform } from './api-abuse-platform.ts';

// Issue 11, finding 1: one anonymous request froze the process. `sites` lists were neither de-duplicated nor
// capped and the work ran on the main thread: /api/dashboard/hours?hours=2232&sites=QB-T01,… with the code a
// thousand times blocked 29 s, a ten-year report or export with 500–1,000 copies 12–40 s, and meanwhile the
// HJ 212 receiver in the same process acknowledged nothing. Now lists are distinct and capped, periods are
// capped, heavy work yields to the event loop and is gated. (Precise latency figures: bench/api-abuse-bench.ts.)
let p: AbusePlatform;
beforeAll(async () => {
  p = await startAbusePlatform();
});
afterAll(async () => {
  await p?.close();
});

const thousand = (code: string) => Array(1000).fill(code).join(',');
const get = (path: string) => fetch(`${p.url}${path}`);

describe('abuse: one request cannot freeze the platform (finding 1)', () => {
  it('a code repeated 1,000 times is one site: the attack request is bounded', async () => {
    const hours = await get(`/api/dashboard/hours?hours=2232&sites=${thousand('QB-T01')}`);
    expect(hours.status).toBe(200);
    const body = await hours.json();
    expect(body.sites.map((s: { code: string }) => s.code)).toEqual(['QB-T01']);
    expect(body.count).toBe(2232);
    const report = await get(`/api/air/report?from=2016-06-01&to=2026-05-31&sites=${thousand('QB-T02')}`);
    expect(report.status).toBe(200);
    expect((await report.json()).stations).toHaveLength(1);
    const csv = await get(
      `/api/dashboard/export?from=2016-06-01&to=2026-05-31&format=csv&sites=${thousand('QB-T03')}`,
    );
    expect(csv.status).toBe(200);
    // The figures: header, district (headline and actual), one station; the notes follow after a blank line.
    const [figures = ''] = (await csv.text()).split('\r\n\r\n');
    const codes = figures
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(codes).toEqual(['district', 'district-actual', 'QB-T03']);
  });

  it('more distinct codes than the cap, or a range past its cap, is a 400 with a message', async () => {
    const many = Array.from({ length: MAX_LIST_CODES + 1 }, (_, i) => `X${i}`).join(',');
    for (const path of [
      `/api/dashboard/hours?sites=${many}`,
      `/api/air/report?from=2026-01-01&to=2026-01-02&sites=${many}`,
      `/api/dashboard/export?from=2026-01-01&to=2026-01-02&sites=${many}`,
      `/api/air/daily?from=2026-01-01&to=2026-01-02&sites=${many}`,
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect((await r.json()).error.message, path).toContain(`at most ${MAX_LIST_CODES} distinct codes`);
    }
    const hours = await get('/api/dashboard/hours?hours=2233');
    expect(hours.status).toBe(400);
    const decade = await get('/api/air/report?from=2016-01-01&to=2026-06-14');
    expect(decade.status).toBe(400);
    expect((await decade.json()).error.code).toBe('period_too_long');
    const days = await get('/api/dashboard/days?from=2000-01-01&to=2026-06-14');
    expect(days.status).toBe(400);
  });

  it("a logger's packets are acknowledged while the heaviest allowed requests run", async () => {
    const all = STATIONS.join(',');
    const heavy = [
      // The attack as reported (it blocked for tens of seconds), then the heaviest requests still allowed.
      `/api/dashboard/hours?hours=2232&sites=${thousand('QB-T01')}`,
      `/api/air/report?from=2016-06-15&to=2026-06-14&sites=${thousand('QB-T02')}`,
      `/api/air/report?from=2016-06-15&to=2026-06-14&yoy=true&sites=${all}`,
      `/api/dashboard/export?from=2016-06-15&to=2026-06-14&sites=${all}`,
      `/api/dashboard/hours?hours=2232&sites=${all}`,
      `/api/air/daily?from=2016-06-15&to=2026-06-14&perSite=true&pageSize=5000`,
    ];
    // Ten at once: two compute, the others wait their turn (any beyond the queue would get 503 + Retry-After).
    const load = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        get(heavy[i % heavy.length] as string).then(async (r) => {
          await r.arrayBuffer();
          return { status: r.status, retryAfter: r.headers.get('Retry-After') };
        }),
      ),
    );
    const logger = await connectLogger(p.platform.receiver.port);
    const sent = 10;
    for (let i = 0; i < sent; i++) logger.send(loggerPacket(i));
    // Generous: before the fix these waited for the whole computation (tens of seconds).
    const answers = await logger.waitForAnswers(sent, 10_000);
    logger.close();
    expect(answers.every((a) => a.cn === '9014')).toBe(true);
    const results = await load;
    for (const r of results) {
      expect([200, 503]).toContain(r.status);
      if (r.status === 503) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    expect(results.some((r) => r.status === 200)).toBe(true);
  }, 60_000);
});
