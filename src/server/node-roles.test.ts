import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import type { ConsumerLag, NodeRole } from '#contract/health.ts';
import { healthResponse } from '#contract/health.ts';
import { memoryLogger } from '#services/logger.ts';
import { connectLogger } from '../receiver/test-logger-client.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { createHealthOnlyApp } from './health-app.ts';
import { type RunningPlatform, startPlatform } from './start.ts';

// Issue 14: `serve --role`: one SQLite file shared by nodes of each role, over real HTTP and TCP.
const running: RunningPlatform[] = [];
afterEach(async () => {
  for (const p of running.splice(0).reverse()) await p.close();
});

async function node(db: string, role: NodeRole, id?: string, consumers?: () => ConsumerLag[]) {
  const config = loadConfig({
    env: {},
    overrides: {
      db,
      httpPort: 0,
      tcpPort: 0,
      tcpHost: '127.0.0.1',
      demo: false,
      node: { role, ...(id ? { id } : {}) },
    },
  });
  const platform = await startPlatform(config, {
    log: memoryLogger('error'),
    ...(consumers ? { consumers } : {}),
  });
  running.push(platform);
  await platform.ready;
  return platform;
}

const get = async (p: RunningPlatform, path: string) => {
  const res = await fetch(`${p.url}${path}`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('roles of a node', () => {
  it('api: the API and the web, no HJ 212 receiver, health names the node', async () => {
    const db = tempDbPath();
    const api = await node(db, 'api', 'api-1');
    const health = await get(api, '/api/health');
    expect(health.status).toBe(200);
    expect(healthResponse.parse(health.body)).toEqual({
      status: 'ok',
      engine: 'sqlite',
      nodeId: 'api-1',
      role: 'api',
      // Its outbox consumer: the dashboard's live stream (no receiver, so no logger registry here).
      consumers: [{ name: 'live-hub', kind: 'broadcast', behindEvents: 0, oldestPendingAgeMs: 0 }],
    });
    expect((await get(api, '/api/openapi.json')).status).toBe(200);
    expect(api.receiverIfAny).toBeUndefined();
    expect(() => api.receiver).toThrow(/runs no HJ 212 receiver/);
    expect(api.worker).toBeUndefined();
  });

  it('receiver: accepts HJ 212 and serves only /api/health over HTTP', async () => {
    const db = tempDbPath();
    const receiver = await node(db, 'receiver', 'rx-1');
    expect(healthResponse.parse((await get(receiver, '/api/health')).body)).toMatchObject({
      status: 'ok',
      nodeId: 'rx-1',
      role: 'receiver',
    });
    for (const path of ['/api/openapi.json', '/api/sites', '/']) {
      expect((await get(receiver, path)).status).toBe(404);
    }
    expect(receiver.receiver.nodeId).toBe('rx-1');
    const logger = await connectLogger(receiver.receiver.port);
    logger.close();
    expect(receiver.worker).toBeUndefined();
  });

  it('worker: the background parts, only /api/health over HTTP; consumers come from the provider', async () => {
    const db = tempDbPath();
    const lag = { name: 'live', kind: 'broadcast' as const, behindEvents: 3, oldestPendingAgeMs: 120 };
    const worker = await node(db, 'worker', 'wk-1', () => [lag]);
    const health = await get(worker, '/api/health');
    expect(healthResponse.parse(health.body)).toEqual({
      status: 'ok',
      engine: 'sqlite',
      nodeId: 'wk-1',
      role: 'worker',
      consumers: [lag],
    });
    expect((await get(worker, '/api/sites')).status).toBe(404);
    expect(worker.receiverIfAny).toBeUndefined();
    // Its job worker defined the built-in schedules, device health among them.
    const schedules = await worker.db.db.selectFrom('job_schedules').select('name').execute();
    expect(schedules.map((r) => r.name)).toContain('devices.health');
  });

  it('all: every part in one process (the default)', async () => {
    const all = await node(tempDbPath(), 'all');
    expect(all.receiverIfAny).toBeDefined();
    expect(all.worker).toBeDefined();
    expect(all.worker?.jobs).toBeDefined();
    expect(((await get(all, '/api/health')).body as { role: string }).role).toBe('all');
  });
});

describe('readiness', () => {
  it('/api/health answers 503 "starting" until the node’s parts are ready, on the health-only app too', async () => {
    let ready = false;
    const app = createHealthOnlyApp({
      db: { engine: 'postgres' },
      isReady: () => ready,
      node: { id: 'rx-9', role: 'receiver' },
    });
    const before = await app.request('/api/health');
    expect(before.status).toBe(503);
    expect(healthResponse.parse(await before.json())).toMatchObject({ status: 'starting', nodeId: 'rx-9' });
    ready = true;
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await app.request('/api/air/aqi')).status).toBe(404);
  });
});
