import { describe, expect, it } from 'vitest';
import type { MyOutlet, MyOutletsBody } from '#contract/my-outlets.ts';
import { saveDeviceStatus } from '#store/device-status.repository.ts';
import { upsertMeasurements } from '#store/measurements.repository.ts';
import { findSiteByCode } from '#store/sites.repository.ts';
import { demoMn, registerDemoDevices } from '../demo/demo-devices.ts';
import { DEMO_PASSWORD, seedDemoUsers } from '../demo/demo-users.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { type AuthTestApp, T0, useAuthTestApp } from './auth-test-support.ts';

/** 我的排口 (issue 12): an inspector sees the outlets assigned to them, and nobody else's. */
describe('GET /api/my/outlets', () => {
  let t: AuthTestApp;
  useAuthTestApp((app) => {
    t = app;
  });

  /** The demo's outlets and loggers, its users (the inspector holds QB-E01 and QB-E02), one real-time packet. */
  async function seed() {
    await registerDemoDevices(t.db.db, T0);
    await seedDemoUsers(t.db.db, T0);
    const e01 = await findSiteByCode(t.db.db, EVERY_SITE, 'QB-E01');
    const at = T0 - 60_000;
    await upsertMeasurements(
      t.db.db,
      [
        {
          site_id: e01?.id as number,
          parameter: 'a21026',
          period: 'raw',
          time: at,
          value: 21.5,
          flag: 'N',
          source: 'hj212',
        },
        {
          site_id: e01?.id as number,
          parameter: 'a19001',
          period: 'raw',
          time: at,
          value: 10.2,
          flag: 'N',
          source: 'hj212',
        },
      ],
      T0,
    );
    await saveDeviceStatus(t.db.db, [
      {
        mn: demoMn('E', 1),
        last_seen_at: at,
        last_peer: '127.0.0.1:5000',
        last_data_time: at,
        clock_drift_ms: 0,
        state: 'online',
        state_since: T0 - 3_600_000,
      },
    ]);
  }

  const get = async (path: string, user?: string) => {
    const headers: Record<string, string> = {};
    if (user) headers.cookie = (await t.login(user, DEMO_PASSWORD)).cookie;
    return t.request(path, { headers });
  };

  it('lists the inspector’s assigned outlets with their loggers’ state and newest values', async () => {
    await seed();
    const res = await get('/api/my/outlets', 'demo-inspector');
    expect(res.status).toBe(200);
    const body = (await res.json()) as MyOutletsBody;
    expect(body.outlets.map((o) => o.code)).toEqual(['QB-E01', 'QB-E02']);
    const e01 = body.outlets[0] as MyOutlet;
    expect(e01.loggers).toEqual([
      expect.objectContaining({ mn: demoMn('E', 1), state: 'online', lastDataTime: T0 - 60_000 }),
    ]);
    expect(e01.latest).toEqual({
      time: T0 - 60_000,
      period: 'raw',
      values: [
        { parameter: 'a19001', value: 10.2, flag: 'N' },
        { parameter: 'a21026', value: 21.5, flag: 'N' },
      ],
    });
    // A logger never heard from is there too, as unknown, and an outlet with no data says so.
    const e02 = body.outlets[1] as MyOutlet;
    expect(e02.loggers.map((l) => l.state)).toEqual(['unknown']);
    expect(e02.latest).toBeNull();
  });

  it('answers one of the inspector’s outlets, and 404 for another user’s outlet or an unknown one', async () => {
    await seed();
    expect((await get('/api/my/outlets/QB-E01', 'demo-inspector')).status).toBe(200);
    // QB-E03 is the demo enterprise's outlet: it exists, but it is not the inspector's.
    const other = await get('/api/my/outlets/QB-E03', 'demo-inspector');
    expect(other.status).toBe(404);
    const unknown = await get('/api/my/outlets/QB-E99', 'demo-inspector');
    expect(unknown.status).toBe(404);
    // Told apart by nothing: the same answer for both.
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      ((await unknown.json()) as { error: { code: string } }).error.code,
    );
    // The enterprise user sees its own outlet and not the inspector's.
    expect((await get('/api/my/outlets/QB-E03', 'demo-enterprise')).status).toBe(200);
    expect((await get('/api/my/outlets/QB-E01', 'demo-enterprise')).status).toBe(404);
  });

  it('is empty for a user with no outlets assigned (an administrator sees no one else’s) and 401 anonymous', async () => {
    await seed();
    const admin = (await (await get('/api/my/outlets', 'demo-office-admin')).json()) as MyOutletsBody;
    expect(admin.outlets).toEqual([]);
    expect((await get('/api/my/outlets/QB-E01', 'demo-office-admin')).status).toBe(404);
    expect((await get('/api/my/outlets')).status).toBe(401);
    expect((await get('/api/my/outlets/QB-E01')).status).toBe(401);
  });

  it('follows the assignment: an outlet taken away is gone at once', async () => {
    await seed();
    const boss = await t.login('boss', 'admin-Password-1');
    const list = await t.request('/api/users', { headers: { cookie: boss.cookie } });
    const { users } = (await list.json()) as { users: { id: number; username: string }[] };
    const id = users.find((u) => u.username === 'demo-inspector')?.id;
    const put = await t.request(`/api/users/${id}/sites`, {
      method: 'PUT',
      headers: { cookie: boss.cookie, 'x-csrf-token': boss.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ sites: ['QB-E02'] }),
    });
    expect(put.status).toBe(200);
    const body = (await (await get('/api/my/outlets', 'demo-inspector')).json()) as MyOutletsBody;
    expect(body.outlets.map((o) => o.code)).toEqual(['QB-E02']);
    expect((await get('/api/my/outlets/QB-E01', 'demo-inspector')).status).toBe(404);
  });
});
