import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { healthResponse } from '#contract/health.ts';
import { memoryLogger } from '#services/logger.ts';
import { importAirFiles } from '../import/import-air-files.ts';
import { tempDbPath, writeTwoStationCsv } from '../test-support/air-fixture.ts';
import { type RunningPlatform, startPlatform } from './start.ts';

// The real server on a free port, over real HTTP, with a SQLite file holding two stations' data:
// three June days under the 2012 rules and three under the 2026 rules.
let platform: RunningPlatform;
const log = memoryLogger('info');

beforeAll(async () => {
  const db = tempDbPath();
  const config = loadConfig({
    env: {},
    overrides: { db, httpPort: 0, tcpPort: 0, tcpHost: '127.0.0.1', demo: false },
  });
  platform = await startPlatform(config, { log });
  await platform.ready;
  const csv = writeTwoStationCsv([
    '2025-06-01',
    '2025-06-02',
    '2025-06-03',
    '2026-06-01',
    '2026-06-02',
    '2026-06-03',
  ]);
  const result = await importAirFiles(platform.db.db, [csv], { format: 'qingshan' });
  expect(result.totalErrors).toBe(0);
});

afterAll(async () => {
  await platform?.close();
});

const get = async (path: string) => {
  const res = await fetch(`${platform.url}${path}`);
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths and assert their values
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('HTTP API', () => {
  it('answers health once ready, and serves its OpenAPI document', async () => {
    const health = (await get('/api/health')).body;
    expect(healthResponse.parse(health)).toEqual(health);
    expect(health).toEqual({
      status: 'ok',
      engine: 'sqlite',
      nodeId: `${hostname()}:${new URL(platform.url).port}`,
      role: 'all',
      // This node's outbox consumers (issue 14), none behind.
      consumers: [
        { name: 'live-hub', kind: 'broadcast', behindEvents: 0, oldestPendingAgeMs: 0 },
        { name: 'device-registry', kind: 'broadcast', behindEvents: 0, oldestPendingAgeMs: 0 },
      ],
    });
    const { body } = await get('/api/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/air/aqi',
        '/api/air/report',
        '/api/air/daily',
        '/api/air/targets',
        '/api/sites',
      ]),
    );
  });

  it('computes an AQI from concentrations with the rule set of the date', async () => {
    const old = await get('/api/air/aqi?kind=daily&date=2026-02-28&pm25=75');
    const now = await get('/api/air/aqi?kind=daily&date=2026-03-01&pm25=75');
    expect(old.body).toMatchObject({
      ruleSet: '2012',
      aqi: 100,
      category: '良',
      primaryPollutants: ['PM2.5'],
    });
    expect(now.body).toMatchObject({ ruleSet: '2026', aqi: 114, category: '轻度污染' });
  });

  it('reports the district value as the hourly mean of the stations, and each station beside it', async () => {
    const { status, body } = await get('/api/air/report?from=2025-06-01&to=2025-06-03');
    expect(status).toBe(200);
    // District hourly means: PM2.5 60, PM10 80, SO2 15, NO2 30, CO 0.8, O3 120 → daily AQI 82 (PM2.5), a good day.
    expect(body.district).toMatchObject({
      validDays: 3,
      goodDays: 3,
      heavyDays: 0,
      goodRatio: 100,
      heavyRatio: 0,
    });
    expect(body.district.pollutants['PM2.5']).toMatchObject({ mean: 60, p95: 60 });
    expect(body.district.pollutants.CO).toMatchObject({ p95: 0.8 });
    expect(body.district.pollutants.O3).toMatchObject({ p90: 120 });
    // 15/60 + 30/40 + 80/70 + 60/35 + 0.8/4 + 120/160 = 4.807…
    expect(body.district.compositeIndex).toBe(4.81);
    // Station B alone: PM2.5 80 → IAQI 107 under HJ 633-2012, light pollution every day.
    expect(body.sites.B).toMatchObject({ validDays: 3, goodDays: 0 });
    expect(body.sites.A.pollutants['PM2.5'].mean).toBe(40);
  });

  it('splits a period that spans 2026-03-01 and says so', async () => {
    const { body } = await get('/api/air/report?from=2025-06-01&to=2026-06-03&sites=A,B');
    expect(body.spansRuleSets).toBe(true);
    expect(body.ruleSets).toEqual(['2012', '2026']);
    expect(body.district.parts.map((p: { ruleSet: string }) => p.ruleSet)).toEqual(['2012', '2026']);
    expect(body.district.validDays).toBe(6);
  });

  it('lists daily AQI rows, paged, under the rules of each day', async () => {
    const { body } = await get('/api/air/daily?from=2026-06-01&to=2026-06-03&sites=B&pageSize=2');
    expect(body.total).toBe(3);
    expect(body.rows).toHaveLength(2);
    // 2026: PM2.5 80 → 100 + (80 − 60)·50/55 = 118.2 → 119.
    expect(body.rows[0]).toMatchObject({
      date: '2026-06-01',
      aqi: 119,
      category: '轻度污染',
      primaryPollutants: ['PM2.5'],
    });
    const page2 = await get('/api/air/daily?from=2026-06-01&to=2026-06-03&sites=B&pageSize=2&page=2');
    expect(page2.body.rows.map((r: { date: string }) => r.date)).toEqual(['2026-06-03']);
  });

  it('answers bad requests with 4xx and a message, never internals', async () => {
    const bad = await get('/api/air/report?from=2025-06-03&to=2025-06-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from must not be after to/);
    const unknown = await get('/api/air/report?from=2025-06-01&to=2025-06-03&sites=A,Nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_site' });
    expect(unknown.body.error.message).toContain('Nowhere');
    const negative = await get('/api/air/aqi?kind=daily&date=2025-01-01&pm25=-1');
    expect(negative.status).toBe(400);
    // zod's own messages too: Chinese first, the English after (src/contract/zod-messages.ts).
    const weekly = await get('/api/air/aqi?kind=weekly&date=2025-01-01&pm25=abc');
    expect(weekly.status).toBe(400);
    expect(weekly.body.error.message).toBe(
      'kind：取值无效：应为 "daily"、"hourly" 之一；pm25：类型不对：应为数字，收到的是非数字（NaN） / ' +
        'kind: Invalid option: expected one of "daily"|"hourly"; pm25: Invalid input: expected number, received NaN',
    );
    expect((await get('/api/nothing')).status).toBe(404);
  });
});
