import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '#services/auth/accounts.service.ts';
import { memoryLogger } from '#services/logger.ts';
import { appendEvent } from '#store/device-status.repository.ts';
import { upsertDeviceValues } from '#store/device-values.repository.ts';
import { upsertMeasurements } from '#store/measurements.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { listSites } from '#store/sites.repository.ts';
import { DEMO_DEVICES, registerDemoDevices } from '../demo/demo-devices.ts';
import { DEMO_PASSWORD, seedDemoUsers } from '../demo/demo-users.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { type App, createApp } from './app.ts';
import { ROUTE_ACCESS } from './route-access.ts';

/**
 * Access across every API route, generated from the app's own route list: a route that is registered without an
 * entry in EXPECTED (and in ROUTE_ACCESS) fails here. EXPECTED is written out by hand from the issue's role
 * descriptions, independently of the roles' permission data, so a wrong permission in either place shows up.
 */
type Who =
  | 'anonymous'
  | 'office-admin'
  | 'leader'
  | 'department'
  | 'township'
  | 'inspector'
  | 'enterprise'
  | 'public';
const CALLERS: readonly Who[] = [
  'anonymous',
  'office-admin',
  'leader',
  'department',
  'township',
  'inspector',
  'enterprise',
  'public',
];
const EVERYONE = CALLERS;
const SIGNED_IN = CALLERS.filter((w) => w !== 'anonymous');
const ADMIN: readonly Who[] = ['office-admin'];
/** Who reads devices, their health and data: the district, townships (their own) and enterprises (their own). */
const DEVICE_READERS: readonly Who[] = ['office-admin', 'leader', 'township', 'enterprise'];
const EVENT_READERS: readonly Who[] = ['office-admin', 'leader', 'township'];

const EXPECTED: Readonly<Record<string, readonly Who[]>> = {
  'GET /api/health': EVERYONE,
  'GET /api/openapi.json': EVERYONE,
  'GET /api/places': EVERYONE,
  'GET /api/air/aqi': EVERYONE,
  'POST /api/auth/login': EVERYONE,
  'POST /api/auth/logout': EVERYONE,
  'GET /api/auth/me': SIGNED_IN,
  'GET /api/auth/session': EVERYONE,
  'POST /api/auth/password': SIGNED_IN,
  // Air quality and the air stations are published: everyone, signed in or not.
  'GET /api/air/report': EVERYONE,
  'GET /api/air/daily': EVERYONE,
  'GET /api/air/targets': EVERYONE,
  'GET /api/dashboard/overview': EVERYONE,
  'GET /api/dashboard/snapshot': EVERYONE,
  'GET /api/dashboard/hours': EVERYONE,
  'GET /api/dashboard/days': EVERYONE,
  'GET /api/dashboard/export': EVERYONE,
  'GET /api/live': EVERYONE,
  'GET /api/sites': EVERYONE,
  'GET /api/devices': DEVICE_READERS,
  'GET /api/devices/status': DEVICE_READERS,
  'GET /api/devices/:mn/data': DEVICE_READERS,
  'GET /api/devices/:mn/refused': DEVICE_READERS,
  'GET /api/events': EVENT_READERS,
  // 我的排口: every signed-in user asks for their own assigned outlets (empty for most).
  'GET /api/my/outlets': SIGNED_IN,
  'GET /api/my/outlets/:code': SIGNED_IN,
  'GET /api/hj212/quarantine': ADMIN,
  'GET /api/audit': ['office-admin', 'leader'],
  'GET /api/audit/verify': ['office-admin', 'leader'],
  'POST /api/audit/checkpoints': ADMIN,
  'GET /api/jobs': ADMIN,
  'POST /api/jobs/:id/retry': ADMIN,
  'POST /api/jobs/:id/cancel': ADMIN,
  'POST /api/devices': ADMIN,
  'PATCH /api/devices/:mn': ADMIN,
  'DELETE /api/devices/:mn': ADMIN,
  'POST /api/devices/:mn/key': ADMIN,
  'POST /api/sites': ADMIN,
  'PATCH /api/sites/:code': ADMIN,
  'GET /api/dust-days': EVERYONE,
  'POST /api/dust-days': ADMIN,
  'DELETE /api/dust-days/:date': ADMIN,
  'GET /api/figures': EVERYONE,
  'PUT /api/figures/:key/:year': ADMIN,
  'DELETE /api/figures/:key/:year': ADMIN,
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PUT /api/users/:id/roles': ADMIN,
  'GET /api/users/:id/sites': ADMIN,
  'PUT /api/users/:id/sites': ADMIN,
  'PATCH /api/users/:id': ADMIN,
  'POST /api/users/:id/password': ADMIN,
  'GET /api/users/:id/tokens': ADMIN,
  'DELETE /api/users/:id/tokens': ADMIN,
  'GET /api/tokens': SIGNED_IN,
  'POST /api/tokens': SIGNED_IN,
  'DELETE /api/tokens/:id': SIGNED_IN,
};

/** Route keys as Hono registered them ('GET /api/devices/:mn/data'); middleware ('ALL') left out. */
function registeredRoutes(app: App): string[] {
  const keys = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
const TOWNSHIP = '410611001'; // 金山街道, demo-township's organisation
let db: Db;
let app: App;
const sessions = new Map<Who, { cookie: string; csrf: string }>();
let ownMn: string; // a logger in 金山街道 (the sample foundry's outlet QB-E03)
let foreignMn: string; // a logger elsewhere (QB-E01, 上峪乡)
/** The user whose id fills `:id`: changed by the admin's calls, so it must not be one of the callers. */
let targetId: number;

beforeAll(async () => {
  db = await openDb(':memory:');
  await migrateToLatest(db.db);
  await registerDemoDevices(db.db, T0);
  await seedDemoUsers(db.db, T0);
  app = createApp({ db, log: memoryLogger('error'), now: () => T0, isReady: () => true });
  const sites = await listSites(db.db, EVERY_SITE);
  const siteOf = (code: string) => sites.find((s) => s.code === code);
  ownMn = DEMO_DEVICES.find((d) => d.siteCode === 'QB-E03')?.mn as string;
  foreignMn = DEMO_DEVICES.find((d) => d.siteCode === 'QB-E01')?.mn as string;
  for (const d of DEMO_DEVICES) {
    await appendEvent(db.db, { at: T0, kind: 'device_offline', subject: d.mn, detail: { test: true } });
  }
  for (const code of ['QB-E01', 'QB-E03']) {
    const site = siteOf(code);
    if (!site) throw new Error(code);
    await upsertMeasurements(
      db.db,
      [
        {
          site_id: site.id,
          parameter: 'a21026',
          period: 'hour',
          time: T0 - 3_600_000,
          value: 12,
          source: 'test',
        },
      ],
      T0,
    );
    // A device page reads its logger's own values (issue 12), kept apart from the site's.
    const mn = DEMO_DEVICES.find((d) => d.siteCode === code)?.mn as string;
    await upsertDeviceValues(db.db, [
      {
        mn,
        parameter: 'a21026',
        period: 'hour',
        time: T0 - 3_600_000,
        value: 12,
        flag: null,
        received_at: T0,
      },
    ]);
  }
  const target = await createUser(
    db.db,
    { username: 'target', displayName: '被修改的用户', password: 'target-Password-1', roles: ['public'] },
    { actor: 'test', origin: 'test' },
    T0,
  );
  targetId = target.id;
  for (const who of SIGNED_IN) {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `demo-${who}`, password: DEMO_PASSWORD }),
    });
    expect(res.status, `log-in of demo-${who}`).toBe(200);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    sessions.set(who, { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken });
  }
});
afterAll(async () => {
  await db?.close();
});

/** Calls a route as `who`; path parameters get real values so that "allowed" can mean a 2xx. */
async function call(who: Who, key: string, path = key.split(' ')[1] as string): Promise<Response> {
  const method = key.split(' ')[0] as string;
  // Writes to a logger name one that does not exist: "allowed" shows as a 404, and the real logger is not changed.
  const mn = method === 'GET' ? ownMn : 'NO-SUCH-MN';
  const url = path.replace(':mn', mn).replace(':id', String(targetId));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const session = sessions.get(who);
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET') headers['X-CSRF-Token'] = session.csrf;
  }
  // Bodies are deliberately empty: access is decided before validation, so "allowed" shows as a 400, not 401/403.
  const res = await app.request(url, { method, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
  return res;
}

describe('every API route has an access rule', () => {
  it('lists each registered route in ROUTE_ACCESS and in this test, and nothing else', () => {
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((k) => ROUTE_ACCESS[k] === undefined)).toEqual([]);
    expect(routes.filter((k) => EXPECTED[k] === undefined)).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('refuses a route that has no rule (fail closed)', async () => {
    const probe = createApp({ db, log: memoryLogger('error'), now: () => T0, isReady: () => true });
    probe.get('/api/unruled', (c) => c.json({ leaked: true }));
    const res = await probe.request('/api/unruled', {
      headers: { cookie: sessions.get('office-admin')?.cookie ?? '' },
    });
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).not.toContain('leaked');
  });
});

describe('each role reaches exactly its routes', () => {
  // Streams and log-out (which would end the session the loop uses) are checked on their own below.
  const keys = Object.keys(EXPECTED).filter((k) => k !== 'GET /api/live' && k !== 'POST /api/auth/logout');
  for (const who of CALLERS) {
    it(`${who}`, async () => {
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const key of keys) {
        const status = (await call(who, key)).status;
        outcome[key] = status === 401 || status === 403 ? `refused ${status}` : 'allowed';
        const allowed = EXPECTED[key]?.includes(who) ?? false;
        expected[key] = allowed ? 'allowed' : `refused ${who === 'anonymous' ? 401 : 403}`;
      }
      expect(outcome).toEqual(expected);
    });
  }

  it('lets anyone sign out (a no-op without a session)', async () => {
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo-leader', password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const out = await app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie, 'X-CSRF-Token': csrf },
    });
    expect(out.status).toBe(204);
    expect((await app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    expect((await app.request('/api/auth/logout', { method: 'POST' })).status).toBe(204);
  });

  it('streams /api/live to everyone (air quality is published)', async () => {
    for (const who of CALLERS) {
      const res = await call(who, 'GET /api/live');
      // No live hub in this app: 503 "live updates are off" — past the access check.
      expect([200, 503]).toContain(res.status);
      await res.body?.cancel();
    }
  });
});

describe('jurisdiction: a township user sees its own township and what is published', () => {
  const json = async <T>(res: Response): Promise<T> => {
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('lists its own sites and the published air stations, never another township’s outlets', async () => {
    const all = await listSites(db.db, EVERY_SITE);
    const { sites } = await json<{ sites: { code: string }[] }>(await call('township', 'GET /api/sites'));
    const expected = all
      .filter((s) => s.kind === 'air_station' || s.townshipId === TOWNSHIP)
      .map((s) => s.code)
      .sort();
    expect(sites.map((s) => s.code).sort()).toEqual(expected);
    expect(sites.map((s) => s.code)).toContain('QB-E03');
    expect(sites.map((s) => s.code)).not.toContain('QB-E01');
    // Asking for outlets by filter does not widen it.
    const outlets = await json<{ sites: { code: string }[] }>(
      await call('township', 'GET /api/sites', '/api/sites?kind=outlet'),
    );
    expect(outlets.sites.map((s) => s.code)).toEqual(['QB-E03']);
  });

  it('sees devices, their health and events only in its township', async () => {
    const townshipSites = new Set(
      (await listSites(db.db, EVERY_SITE, { townshipId: TOWNSHIP })).map((s) => s.code),
    );
    const ownMns = DEMO_DEVICES.filter((d) => townshipSites.has(d.siteCode))
      .map((d) => d.mn)
      .sort();
    expect(ownMns.length).toBeGreaterThan(0);
    const devices = await json<{ devices: { mn: string }[] }>(await call('township', 'GET /api/devices'));
    expect(devices.devices.map((d) => d.mn).sort()).toEqual(ownMns);
    const status = await json<{ devices: { mn: string }[] }>(
      await call('township', 'GET /api/devices/status'),
    );
    expect(status.devices.map((d) => d.mn).sort()).toEqual(ownMns);
    const events = await json<{ events: { subject: string }[] }>(await call('township', 'GET /api/events'));
    expect([...new Set(events.events.map((e) => e.subject))].sort()).toEqual(ownMns);
    // The district office sees every device.
    const adminDevices = await json<{ devices: unknown[] }>(await call('office-admin', 'GET /api/devices'));
    expect(adminDevices.devices).toHaveLength(DEMO_DEVICES.length);
  });

  it('cannot reach another township’s device by changing the MN in the URL', async () => {
    const own = await json<{ values: { value: number }[] }>(
      await call('township', 'GET /api/devices/:mn/data', `/api/devices/${ownMn}/data`),
    );
    expect(own.values.map((v) => v.value)).toEqual([12]);
    const foreign = await call('township', 'GET /api/devices/:mn/data', `/api/devices/${foreignMn}/data`);
    const missing = await call(
      'township',
      'GET /api/devices/:mn/data',
      '/api/devices/410611DEX000000000000000/data',
    );
    // Answered exactly as a device that does not exist: not even its existence leaks.
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe(
      ((await missing.json()) as { error: { code: string } }).error.code,
    );
    // So is its list of refused packets (issue 11).
    const foreignRefused = `/api/devices/${foreignMn}/refused`;
    expect((await call('township', 'GET /api/devices/:mn/refused', foreignRefused)).status).toBe(404);
    expect((await call('office-admin', 'GET /api/devices/:mn/refused', foreignRefused)).status).toBe(200);
    // The district office reads it.
    const admin = await json<{ values: { value: number }[] }>(
      await call('office-admin', 'GET /api/devices/:mn/data', `/api/devices/${foreignMn}/data`),
    );
    expect(admin.values.map((v) => v.value)).toEqual([12]);
  });

  it('keeps an enterprise user to its own outlet', async () => {
    const devices = await json<{ devices: { mn: string }[] }>(await call('enterprise', 'GET /api/devices'));
    expect(devices.devices.map((d) => d.mn)).toEqual([ownMn]);
    expect(
      (await call('enterprise', 'GET /api/devices/:mn/data', `/api/devices/${foreignMn}/data`)).status,
    ).toBe(404);
    const { sites } = await json<{ sites: { code: string; kind: string }[] }>(
      await call('enterprise', 'GET /api/sites'),
    );
    expect(sites.filter((s) => s.kind === 'outlet').map((s) => s.code)).toEqual(['QB-E03']);
  });

  it('shows the anonymous public the air stations and no outlet, and no air report of an outlet', async () => {
    const { sites } = await json<{ sites: { kind: string }[] }>(await call('anonymous', 'GET /api/sites'));
    expect(sites.length).toBeGreaterThan(0);
    expect(sites.every((s) => s.kind === 'air_station')).toBe(true);
    for (const who of ['anonymous', 'office-admin'] as const) {
      const res = await call(
        who,
        'GET /api/air/report',
        '/api/air/report?from=2026-05-01&to=2026-05-31&sites=QB-E03',
      );
      expect(res.status).toBe(404);
    }
  });

  it('lets no route leak an outlet or a device outside the caller’s reach (every GET route, scanned)', async () => {
    const sites = await listSites(db.db, EVERY_SITE);
    const outlets = sites.filter((s) => s.kind === 'outlet');
    // What each caller must never see: outlets (code, name) and loggers (MN) beyond its reach.
    const reach: Record<Who, (site: { code: string; townshipId: string | null }) => boolean> = {
      anonymous: () => false,
      public: () => false,
      department: () => false,
      township: (s) => s.townshipId === TOWNSHIP,
      inspector: (s) => ['QB-E01', 'QB-E02'].includes(s.code),
      enterprise: (s) => s.code === 'QB-E03',
      leader: () => true,
      'office-admin': () => true,
    };
    const gets = Object.keys(EXPECTED).filter((k) => k.startsWith('GET ') && k !== 'GET /api/live');
    for (const who of CALLERS) {
      const hidden = outlets.filter((o) => !reach[who](o));
      const forbidden = [
        ...hidden.flatMap((o) => [o.code, o.name]),
        ...DEMO_DEVICES.filter((d) => hidden.some((o) => o.code === d.siteCode)).map((d) => d.mn),
      ];
      for (const key of gets) {
        if (!EXPECTED[key]?.includes(who)) continue;
        // Both the plain route and, where it takes one, a foreign MN in its path.
        const paths = key.includes(':mn')
          ? [`/api/devices/${foreignMn}/data`, `/api/devices/${ownMn}/data`]
          : [key.split(' ')[1] as string];
        for (const path of paths) {
          const body = await (await call(who, key, path)).text();
          // A 404 may repeat the MN the caller itself put in the URL; anything else it must not see.
          const leaks = forbidden.filter((f) => body.includes(f) && !path.includes(f));
          expect(leaks, `${who} ${path}`).toEqual([]);
        }
      }
    }
  });

  it('shows quarantined packets to no one below district level', async () => {
    // The township role lacks the permission altogether; the rule holds in the data layer too (quarantineList).
    expect((await call('township', 'GET /api/hj212/quarantine')).status).toBe(403);
  });
});
