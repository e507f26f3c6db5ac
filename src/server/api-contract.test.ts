import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { scheduleJob } from '#platform/jobs/jobs.ts';
import { memoryLogger } from '#services/logger.ts';
import { DEMO_DEVICES } from '../demo/demo-devices.ts';
import { DEMO_PASSWORD } from '../demo/demo-users.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { checkAnswer, declarationFaults, declaredAnswers, registeredRoutes } from './api-contract-support.ts';
import { createApp } from './app.ts';
import { type RunningPlatform, startPlatform } from './start.ts';

/**
 * Every route of the real server, over real HTTP, as the callers who use it: each answer's status must be one
 * the route declares (its OpenAPI `responses`, which also list what the middleware may answer), and its body
 * must parse with the declared zod schema (error bodies: the one shared errorBody; downloads: their declared
 * content type; /api/live: each event's data). The last test fails when a registered route was not called
 * here with a success, so a new route needs a schema and a call in this file.
 *
 * Adding a route: declare it with createRoute and `responses` whose schemas live in src/contract (errors:
 * errorAnswer(...) from openapi-responses.ts; a plain app.get route documents itself with
 * app.openAPIRegistry.registerPath, as live-routes.ts does), give it a rule in ROUTE_ACCESS, and add one line
 * here: `await call('admin', 'GET /api/jobs', 200);`.
 */

// 2026-06-10 12:00 in Shanghai: the demo seeds two days of history before it.
const NOW = Date.UTC(2026, 5, 10, 4, 0, 0);
type Who = 'anonymous' | 'admin' | 'township' | 'enterprise' | 'public' | 'newcomer';
const USERNAMES: Record<Exclude<Who, 'anonymous' | 'newcomer'>, string> = {
  admin: 'demo-office-admin',
  township: 'demo-township',
  enterprise: 'demo-enterprise',
  public: 'demo-public',
};

let platform: RunningPlatform;
let answers: ReturnType<typeof declaredAnswers>;
let routes: string[];
const sessions = new Map<Who, { cookie: string; csrf: string }>();
/** Route → the statuses it answered in this file. */
const seen = new Map<string, Set<number>>();
const ownMn = DEMO_DEVICES.find((d) => d.siteCode === 'QB-E03')?.mn as string;

interface CallOptions {
  /** The URL path with its parameters and query; default the route's own path. */
  path?: string;
  body?: unknown;
  /** Leave out the CSRF header of a cookie session. */
  noCsrf?: boolean;
  headers?: Record<string, string>;
}

/** Calls `route` as `who`, checks the answer against the contract, and that its status is `status`. */
async function call(who: Who, route: string, status: number, options: CallOptions = {}) {
  const [method, template] = route.split(' ') as [string, string];
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const session = sessions.get(who);
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET' && !options.noCsrf) headers['X-CSRF-Token'] = session.csrf;
  }
  const res = await fetch(`${platform.url}${options.path ?? template}`, {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(res.status, `${who} ${method} ${options.path ?? template}`).toBe(status);
  const body = await checkAnswer(answers, route, res);
  seen.set(route, (seen.get(route) ?? new Set()).add(res.status));
  // biome-ignore lint/suspicious/noExplicitAny: the body has just been checked against its schema; tests read fields
  return { body: body as any, cookie };
}

async function signIn(who: Who, username: string, password = DEMO_PASSWORD): Promise<void> {
  const { body, cookie } = await call('anonymous', 'POST /api/auth/login', 200, {
    body: { username, password },
  });
  sessions.set(who, { cookie, csrf: body.csrfToken as string });
}

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: {
      db: tempDbPath(),
      httpPort: 0,
      tcpPort: 0,
      tcpHost: '127.0.0.1',
      demo: true,
      demoSimulator: false,
      demoHistoryDays: 2,
    },
  });
  platform = await startPlatform(config, { log: memoryLogger('error'), now: () => NOW });
  await platform.ready;
  // The same app the server runs, for its route list and declared answers.
  const app = createApp({ db: platform.db, log: memoryLogger('error'), now: () => NOW, isReady: () => true });
  answers = declaredAnswers(app);
  routes = registeredRoutes(app);
  for (const [who, username] of Object.entries(USERNAMES)) await signIn(who as Who, username);
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

describe('published and platform routes', () => {
  it('health, the OpenAPI document, places, sites', async () => {
    expect((await call('anonymous', 'GET /api/health', 200)).body).toMatchObject({
      status: 'ok',
      engine: 'sqlite',
      role: 'all',
    });
    const doc = await call('anonymous', 'GET /api/openapi.json', 200);
    // The document lists every route (in OpenAPI's {param} spelling).
    const documented = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect([...documented].sort()).toEqual(routes);
    await call('anonymous', 'GET /api/places', 200);
    await call('anonymous', 'GET /api/sites', 200);
    await call('anonymous', 'GET /api/sites', 400, { path: '/api/sites?kind=%zz' });
  });

  it('air quality: AQI, report, daily table, targets', async () => {
    await call('anonymous', 'GET /api/air/aqi', 200, {
      path: '/api/air/aqi?kind=daily&date=2026-06-01&pm25=75',
    });
    await call('anonymous', 'GET /api/air/aqi', 400, {
      path: '/api/air/aqi?kind=daily&date=2026-06-01&pm25=-1',
    });
    const period = 'from=2026-06-08&to=2026-06-09';
    await call('anonymous', 'GET /api/air/report', 200, { path: `/api/air/report?${period}` });
    await call('township', 'GET /api/air/report', 404, { path: `/api/air/report?${period}&sites=Nowhere` });
    await call('anonymous', 'GET /api/air/daily', 200, { path: `/api/air/daily?${period}&perSite=true` });
    await call('anonymous', 'GET /api/air/targets', 200, { path: '/api/air/targets?year=2026' });
  });

  it('the dashboard: overview, snapshot, hours, days, both export files, the live stream', async () => {
    await call('anonymous', 'GET /api/dashboard/overview', 200);
    await call('anonymous', 'GET /api/dashboard/snapshot', 200);
    await call('public', 'GET /api/dashboard/hours', 200, { path: '/api/dashboard/hours?hours=24' });
    await call('anonymous', 'GET /api/dashboard/days', 200, {
      path: '/api/dashboard/days?from=2026-06-08&to=2026-06-09',
    });
    for (const format of ['csv', 'xlsx']) {
      await call('anonymous', 'GET /api/dashboard/export', 200, {
        path: `/api/dashboard/export?from=2026-06-08&to=2026-06-09&format=${format}`,
      });
    }
    await call('anonymous', 'GET /api/dashboard/export', 400, {
      path: '/api/dashboard/export?from=2026-06-09&to=2026-06-08',
    });
    expect((await call('anonymous', 'GET /api/live', 200)).body).toHaveProperty('version');
  });
});

describe('devices and outlets', () => {
  it('reads devices, their health, data, refused packets, events and quarantine within reach', async () => {
    await call('admin', 'GET /api/devices', 200);
    await call('anonymous', 'GET /api/devices', 401);
    await call('public', 'GET /api/devices', 403);
    await call('township', 'GET /api/devices/status', 200);
    await call('township', 'GET /api/devices/:mn/data', 200, { path: `/api/devices/${ownMn}/data` });
    await call('township', 'GET /api/devices/:mn/data', 404, { path: '/api/devices/NO-SUCH-MN/data' });
    await call('admin', 'GET /api/devices/:mn/refused', 200, { path: `/api/devices/${ownMn}/refused` });
    await call('township', 'GET /api/events', 200);
    await call('admin', 'GET /api/hj212/quarantine', 200);
  });

  it('shows an enterprise user its own outlet, and no other', async () => {
    const mine = await call('enterprise', 'GET /api/my/outlets', 200);
    expect(mine.body.outlets.map((o: { code: string }) => o.code)).toEqual(['QB-E03']);
    await call('enterprise', 'GET /api/my/outlets/:code', 200, { path: '/api/my/outlets/QB-E03' });
    await call('enterprise', 'GET /api/my/outlets/:code', 404, { path: '/api/my/outlets/QB-E01' });
    await call('anonymous', 'GET /api/my/outlets', 401);
  });
});

describe('the district office’s data administration', () => {
  it('registers, changes, re-keys and removes a logger', async () => {
    const mn = 'CONTRACT0001';
    const body = { mn, siteCode: 'QB-E03', factors: [{ factor: 'a21026', parameter: 'SO2' }] };
    await call('admin', 'POST /api/devices', 200, { body });
    await call('admin', 'POST /api/devices', 409, { body });
    await call('admin', 'POST /api/devices', 400, { body: { mn } });
    await call('admin', 'POST /api/devices', 403, { body, noCsrf: true });
    await call('admin', 'PATCH /api/devices/:mn', 200, {
      path: `/api/devices/${mn}`,
      body: { name: '合同' },
    });
    await call('admin', 'POST /api/devices/:mn/key', 200, { path: `/api/devices/${mn}/key`, body: {} });
    await call('admin', 'DELETE /api/devices/:mn', 200, { path: `/api/devices/${mn}` });
    await call('admin', 'DELETE /api/devices/:mn', 404, { path: `/api/devices/${mn}` });
  });

  it('creates and edits a site', async () => {
    const site = { code: 'CT-01', name: '合同测试站', kind: 'air_station' };
    await call('admin', 'POST /api/sites', 200, { body: site });
    await call('admin', 'POST /api/sites', 409, { body: site });
    await call('township', 'POST /api/sites', 403, { body: site });
    await call('admin', 'PATCH /api/sites/:code', 200, { path: '/api/sites/CT-01', body: { name: '改名' } });
    await call('admin', 'PATCH /api/sites/:code', 404, { path: '/api/sites/NOPE', body: { name: '改名' } });
  });

  it('marks and unmarks a dust day; sets and removes an external figure', async () => {
    const day = { date: '2026-06-08', kind: 'sand_dust', noticeRef: '鹤环〔2026〕1号' };
    await call('admin', 'POST /api/dust-days', 200, { body: day });
    await call('anonymous', 'GET /api/dust-days', 200);
    await call('admin', 'DELETE /api/dust-days/:date', 200, { path: '/api/dust-days/2026-06-08' });
    await call('admin', 'PUT /api/figures/:key/:year', 200, {
      path: '/api/figures/r-t4-threshold/2026',
      body: { value: 4.2, source: '测试' },
    });
    await call('anonymous', 'GET /api/figures', 200);
    await call('admin', 'DELETE /api/figures/:key/:year', 200, { path: '/api/figures/r-t4-threshold/2026' });
    await call('admin', 'PUT /api/figures/:key/:year', 400, { path: '/api/figures/nope/2026', body: {} });
  });

  it('refuses a body over the limit with 413', async () => {
    // Just over the 1 MiB default, on a connection of its own: the server answers before reading the rest.
    await call('admin', 'POST /api/dust-days', 413, {
      body: `"${'x'.repeat(1024 * 1024)}"`,
      headers: { connection: 'close' },
    });
  });
});

describe('accounts, tokens and the audit trail', () => {
  let id = 0;
  it('creates a user who must change the password first, and manages them', async () => {
    const user = {
      username: 'contract-user',
      displayName: '合同用户',
      password: 'first-Password-77',
      roles: ['public'],
    };
    id = (await call('admin', 'POST /api/users', 201, { body: user })).body.id as number;
    await call('admin', 'POST /api/users', 409, { body: user });
    await call('admin', 'GET /api/users', 200);
    await call('admin', 'PUT /api/users/:id/roles', 200, {
      path: `/api/users/${id}/roles`,
      body: { roles: ['leader'] },
    });
    await call('admin', 'PUT /api/users/:id/sites', 200, {
      path: `/api/users/${id}/sites`,
      body: { sites: ['QB-E03'] },
    });
    await call('admin', 'GET /api/users/:id/sites', 200, { path: `/api/users/${id}/sites` });
    await call('admin', 'GET /api/users/:id/sites', 404, { path: '/api/users/99999/sites' });
    await call('admin', 'PATCH /api/users/:id', 200, {
      path: `/api/users/${id}`,
      body: { displayName: '改名' },
    });
    await call('admin', 'POST /api/users/:id/password', 200, { path: `/api/users/${id}/password`, body: {} });
    const reset = await call('admin', 'POST /api/users/:id/password', 200, {
      path: `/api/users/${id}/password`,
      body: { password: 'second-Password-88' },
    });
    expect(reset.body.user.mustChangePassword).toBe(true);

    await signIn('newcomer', 'contract-user', 'second-Password-88');
    await call('newcomer', 'GET /api/places', 403);
    await call('newcomer', 'POST /api/auth/password', 422, {
      body: { currentPassword: 'second-Password-88', newPassword: 'second-Password-88' },
    });
    await call('newcomer', 'POST /api/auth/password', 200, {
      body: { currentPassword: 'second-Password-88', newPassword: 'third-Password-99-long' },
    });
    await call('newcomer', 'GET /api/auth/me', 200);
  });

  it('creates, lists and revokes API tokens; an administrator revokes all of a user’s', async () => {
    const created = await call('newcomer', 'POST /api/tokens', 201, { body: { name: 'script' } });
    const bearer = { authorization: `Bearer ${created.body.secret as string}` };
    await call('anonymous', 'GET /api/tokens', 200, { headers: bearer });
    await call('anonymous', 'POST /api/tokens', 403, { headers: bearer, body: { name: 'copy' } });
    await call('anonymous', 'GET /api/auth/me', 401, { headers: { authorization: 'Bearer wrong' } });
    await call('newcomer', 'GET /api/tokens', 200);
    const tokenPath = `/api/tokens/${created.body.token.id as number}`;
    await call('newcomer', 'DELETE /api/tokens/:id', 200, { path: tokenPath });
    await call('newcomer', 'DELETE /api/tokens/:id', 409, { path: tokenPath });
    await call('newcomer', 'POST /api/tokens', 201, { body: { name: 'second' } });
    await call('admin', 'GET /api/users/:id/tokens', 200, { path: `/api/users/${id}/tokens` });
    await call('admin', 'DELETE /api/users/:id/tokens', 200, { path: `/api/users/${id}/tokens` });
    await call('admin', 'DELETE /api/users/:id/tokens', 404, { path: '/api/users/99999/tokens' });
  });

  it('reads and verifies the audit trail, and writes checkpoints', async () => {
    await call('admin', 'GET /api/audit', 200);
    await call('admin', 'GET /api/audit', 400, { path: '/api/audit?page=0' });
    await call('admin', 'GET /api/audit/verify', 200);
    await call('admin', 'POST /api/audit/checkpoints', 201);
    await call('township', 'POST /api/audit/checkpoints', 403);
  });

  it('lists the durable jobs and schedules, cancels and retries one', async () => {
    const id = await scheduleJob(platform.db.db, { kind: 'platform.ping', runAt: Date.now() + 3_600_000 });
    await call('admin', 'GET /api/jobs', 200);
    await call('admin', 'GET /api/jobs', 400, { path: '/api/jobs?state=lost' });
    await call('township', 'GET /api/jobs', 403);
    await call('admin', 'POST /api/jobs/:id/cancel', 200, { path: `/api/jobs/${id}/cancel` });
    await call('admin', 'POST /api/jobs/:id/cancel', 409, { path: `/api/jobs/${id}/cancel` });
    await call('admin', 'POST /api/jobs/:id/retry', 200, { path: `/api/jobs/${id}/retry` });
    await call('admin', 'POST /api/jobs/:id/retry', 404, { path: '/api/jobs/99999/retry' });
  });

  it('signs in, answers who is there, and signs out', async () => {
    await call('anonymous', 'POST /api/auth/login', 401, {
      body: { username: 'demo-public', password: 'wrong' },
    });
    await call('anonymous', 'POST /api/auth/login', 400, { body: {} });
    expect((await call('anonymous', 'GET /api/auth/session', 200)).body).toEqual({ me: null });
    await call('public', 'GET /api/auth/session', 200);
    await call('admin', 'POST /api/auth/password', 403, {
      body: { currentPassword: 'not-it', newPassword: 'another-Password-12' },
    });
    await call('newcomer', 'POST /api/auth/logout', 204);
    await call('anonymous', 'POST /api/auth/logout', 204);
  });
});

describe('the contract covers every route', () => {
  it('each registered route declares its answers and was answered here with a success', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(
      routes.filter((r) => !answers.has(r)),
      'routes without declared answers',
    ).toEqual([]);
    const untried = routes.filter((r) => ![...(seen.get(r) ?? [])].some((s) => s >= 200 && s < 300));
    expect(untried, 'routes never answered with a success in this test').toEqual([]);
  });

  it('catches a route registered without declared answers', () => {
    const probe = createApp({
      db: platform.db,
      log: memoryLogger('error'),
      now: () => NOW,
      isReady: () => true,
    });
    probe.get('/api/undeclared', (c) => c.json({ anything: true }));
    const declared = declaredAnswers(probe);
    expect(registeredRoutes(probe).filter((r) => !declared.has(r))).toEqual(['GET /api/undeclared']);
  });

  it('declares every error answer with the one error schema, and every JSON success with a zod schema', () => {
    expect(declarationFaults(answers)).toEqual([]);
  });
});
