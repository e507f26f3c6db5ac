import { describe, expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import { findDevice } from '#store/devices.repository.ts';
import { appendRawPackets } from '#store/raw-packets.repository.ts';
import { EVERY_SITE } from '../test-support/every-site.ts';
import { ADMIN_PASSWORD, type AuthTestApp, USER_PASSWORD, useAuthTestApp } from './auth-test-support.ts';

let t: AuthTestApp;
useAuthTestApp((app) => {
  t = app;
});

/** A signed-in caller that sends JSON with its cookie and CSRF token. */
async function as(username: string, password: string) {
  const { cookie, csrf } = await t.login(username, password);
  return (method: string, path: string, body?: unknown) =>
    t.request(path, {
      method,
      headers: { cookie, 'X-CSRF-Token': csrf, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}
const asAdmin = () => as('boss', ADMIN_PASSWORD);
const asTownship = () => as('jinshan', USER_PASSWORD);
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;
const lastAudit = async (entity: string) => (await listAudit(t.db.db, 50)).find((r) => r.entity === entity);

const SITE = {
  code: 'QB-X01',
  name: '测试站',
  nameEn: 'Test station',
  kind: 'air_station',
  tier: 'township',
  townshipId: '410611001',
  lon: 114.2,
  lat: 35.75,
};
const MN = '410611DEA000000000000099';

describe('the district office administers loggers, sites, dust days and figures over the API', () => {
  it('refuses a township user every write with 403 and an anonymous caller with 401', async () => {
    const send = await asTownship();
    const writes: [string, string, unknown][] = [
      ['POST', '/api/sites', SITE],
      ['PATCH', '/api/sites/QB-X01', { name: 'x' }],
      ['POST', '/api/devices', { mn: MN, siteCode: 'QB-X01' }],
      ['PATCH', `/api/devices/${MN}`, { enabled: false }],
      ['POST', `/api/devices/${MN}/key`, {}],
      ['DELETE', `/api/devices/${MN}`, undefined],
      ['POST', '/api/dust-days', { date: '2026-04-15', noticeRef: 'x' }],
      ['DELETE', '/api/dust-days/2026-04-15', undefined],
      ['PUT', '/api/figures/r-t4-threshold/2025', { value: 5.1, source: 'x' }],
      ['DELETE', '/api/figures/r-t4-threshold/2025', undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await send(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const anon = await t.request('/api/sites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SITE),
    });
    expect(anon.status).toBe(401);
  });

  it('creates and edits a site, refusing coordinates outside Hebi and unknown townships; audited', async () => {
    const send = await asAdmin();
    const far = await send('POST', '/api/sites', { ...SITE, lon: 116.4, lat: 39.9 });
    expect(far.status).toBe(400);
    expect((await errorOf(far)).message).toContain('经度应在鹤壁范围内');
    const onlyOne = await send('POST', '/api/sites', { ...SITE, lat: null });
    expect(onlyOne.status).toBe(400);
    const badTown = await send('POST', '/api/sites', { ...SITE, townshipId: 'dept.ecology-environment' });
    expect(badTown.status).toBe(422);

    const res = await send('POST', '/api/sites', SITE);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      code: 'QB-X01',
      lon: 114.2,
      inDistrictValue: true,
      isSample: false,
    });
    expect((await send('POST', '/api/sites', SITE)).status).toBe(409);

    const edit = await send('PATCH', '/api/sites/QB-X01', { name: '测试站二', inDistrictValue: false });
    expect(await edit.json()).toMatchObject({
      name: '测试站二',
      inDistrictValue: false,
      nameEn: 'Test station',
    });
    const entry = await lastAudit('site');
    expect(entry).toMatchObject({ actor: 'boss', action: 'update', entity_id: 'QB-X01' });
    expect(JSON.parse(entry?.before ?? '')).toEqual({ name: '测试站', inDistrictValue: true });
    expect(JSON.parse(entry?.after ?? '')).toEqual({ name: '测试站二', inDistrictValue: false });
    expect((await send('PATCH', '/api/sites/NOPE', { name: 'x' })).status).toBe(404);
  });

  it('registers a logger with its factor mapping, rotates its key, disables it; secrets never in the audit', async () => {
    const send = await asAdmin();
    await send('POST', '/api/sites', SITE);
    const bad = await send('POST', '/api/devices', { mn: 'bad mn!', siteCode: 'QB-X01' });
    expect(bad.status).toBe(400);
    const badParam = await send('POST', '/api/devices', {
      mn: MN,
      siteCode: 'QB-X01',
      factors: [{ factor: 'a34004', parameter: 'PM9' }],
    });
    expect(badParam.status).toBe(422);
    expect((await errorOf(badParam)).message).toContain('PM9');

    const res = await send('POST', '/api/devices', {
      mn: MN,
      siteCode: 'QB-X01',
      name: '一号数采仪',
      sm4: 'generate',
      factors: [
        { factor: 'a34004', parameter: 'PM2.5' },
        { factor: 'a21005', parameter: 'CO', scale: 0.001 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const created = (await res.json()) as {
      password: string;
      sm4Key: string;
      device: { factors: unknown[] };
    };
    expect(created.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(created.sm4Key).toMatch(/^[0-9a-f]{32}$/);
    expect(created.device).toMatchObject({ mn: MN, siteCode: 'QB-X01', encrypted: true, enabled: true });
    expect(created.device.factors).toContainEqual({ factor: 'a21005', parameter: 'CO', scale: 0.001 });
    expect((await send('POST', '/api/devices', { mn: MN, siteCode: 'QB-X01' })).status).toBe(409);

    const rotated = (await (await send('POST', `/api/devices/${MN}/key`, { sm4: 'none' })).json()) as {
      password: string;
      sm4Key: string | null;
      device: { encrypted: boolean };
    };
    expect(rotated.password).not.toBe(created.password);
    expect(rotated.sm4Key).toBeNull();
    expect(rotated.device.encrypted).toBe(false);
    expect((await findDevice(t.db.db, EVERY_SITE, MN))?.password).toBe(rotated.password);

    const off = await send('PATCH', `/api/devices/${MN}`, { enabled: false });
    expect(await off.json()).toMatchObject({ enabled: false });
    const entry = await lastAudit('device');
    expect(entry).toMatchObject({ action: 'disable', entity_id: MN, actor: 'boss' });
    expect(JSON.parse(entry?.after ?? '')).toEqual({ enabled: false });

    const trail = JSON.stringify(await listAudit(t.db.db, 50));
    for (const secret of [created.password, created.sm4Key, rotated.password])
      expect(trail).not.toContain(secret);
    expect(t.log.lines.join('\n')).not.toContain(rotated.password);
    expect((await verifyAuditChain(t.db.db)).ok).toBe(true);
  });

  it('removes a logger that never sent anything, refuses one that did (409, says to disable it)', async () => {
    const send = await asAdmin();
    await send('POST', '/api/sites', SITE);
    await send('POST', '/api/devices', { mn: MN, siteCode: 'QB-X01' });
    await appendRawPackets(t.db.db, [
      {
        received_at: 1,
        peer: '10.0.0.1:1',
        mn: MN,
        cn: '2061',
        qn: null,
        bytes: new Uint8Array([35]),
        verdict: 'stored',
        reason: null,
      },
    ]);
    const refused = await send('DELETE', `/api/devices/${MN}`);
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).message).toContain('请改为停用');

    await send('POST', '/api/devices', { mn: 'QB-NEW-1', siteCode: 'QB-X01' });
    const removed = await send('DELETE', '/api/devices/QB-NEW-1');
    expect(removed.status).toBe(200);
    expect(await findDevice(t.db.db, EVERY_SITE, 'QB-NEW-1')).toBeUndefined();
    expect(await lastAudit('device')).toMatchObject({ action: 'delete', entity_id: 'QB-NEW-1' });
  });

  it('marks a dust day with its 文号, lists it for readers, refuses a mark without one, unmarks it', async () => {
    const send = await asAdmin();
    expect((await send('POST', '/api/dust-days', { date: '2026-04-15' })).status).toBe(400);
    expect((await send('POST', '/api/dust-days', { date: '2026-02-30', noticeRef: 'x' })).status).toBe(400);
    const res = await send('POST', '/api/dust-days', {
      date: '2026-04-15',
      kind: 'sand_dust',
      noticeRef: '豫环监〔2026〕7号',
      note: '沙尘过程',
    });
    expect(await res.json()).toMatchObject({
      date: '2026-04-15',
      noticeRef: '豫环监〔2026〕7号',
      createdBy: 'boss',
    });
    const list = await t.request('/api/dust-days?from=2026-01-01&to=2026-12-31');
    expect(await list.json()).toMatchObject({ days: [{ date: '2026-04-15', kind: 'sand_dust' }] });
    expect(await lastAudit('dust_day')).toMatchObject({ action: 'mark', actor: 'boss' });
    expect((await send('DELETE', '/api/dust-days/2026-04-15')).status).toBe(200);
    expect((await send('DELETE', '/api/dust-days/2026-04-15')).status).toBe(404);
  });

  it('sets the R-T4 threshold with its source; the overview card uses it', async () => {
    const send = await asAdmin();
    expect((await send('PUT', '/api/figures/r-t4-threshold/2026', { value: 5.1 })).status).toBe(400);
    expect((await send('PUT', '/api/figures/nonsense/2026', { value: 5.1, source: 'x' })).status).toBe(400);
    expect((await send('PUT', '/api/figures/city-rank-168/2026', { value: 170, source: 'x' })).status).toBe(
      400,
    );
    const res = await send('PUT', '/api/figures/r-t4-threshold/2026', {
      value: 5.12,
      source: '生态环境部 2025 年 168 城排名通报',
    });
    expect(await res.json()).toMatchObject({
      key: 'r-t4-threshold',
      year: 2026,
      value: 5.12,
      updatedBy: 'boss',
    });
    expect(await lastAudit('external_figure')).toMatchObject({
      action: 'set',
      entity_id: 'r-t4-threshold/2026',
    });
    const figures = await (await t.request('/api/figures')).json();
    expect(figures).toMatchObject({ figures: [{ key: 'r-t4-threshold', value: 5.12 }] });
    await send('POST', '/api/sites', SITE);
    const answer = await t.request('/api/dashboard/overview');
    const overview = (await answer.json()) as {
      targets: { composite: { threshold: number | null; thresholdSource?: string | null } };
    };
    expect(answer.status, JSON.stringify(overview)).toBe(200);
    expect(overview.targets.composite.threshold).toBe(5.12);
    expect(overview.targets.composite.thresholdSource).toBe('生态环境部 2025 年 168 城排名通报');
  });
});

it('documents the new routes in the OpenAPI description', async () => {
  const doc = (await (await t.request('/api/openapi.json')).json()) as { paths: Record<string, object> };
  for (const path of [
    '/api/devices/{mn}/key',
    '/api/sites/{code}',
    '/api/dust-days/{date}',
    '/api/figures/{key}/{year}',
  ])
    expect(Object.keys(doc.paths)).toContain(path);
  expect(Object.keys(doc.paths['/api/devices/{mn}'] ?? {})).toEqual(
    expect.arrayContaining(['patch', 'delete']),
  );
});

it('keeps a township-scoped devices:write/sites:write holder to its own township (as the reads are)', async () => {
  const admin = await asAdmin();
  await admin('POST', '/api/sites', SITE);
  await admin('POST', '/api/sites', { ...SITE, code: 'QB-X02', townshipId: '410611002' });
  await admin('POST', '/api/devices', { mn: 'OWN-1', siteCode: 'QB-X01' });
  await admin('POST', '/api/devices', { mn: 'OTHER-1', siteCode: 'QB-X02' });
  // A role an administrator might define: the township's own loggers and sites.
  await t.db.db
    .insertInto('roles')
    .values({
      id: 'township-devices',
      name_zh: '乡镇设备管理',
      name_en: 'Township devices',
      scope: 'organisation',
      permissions: JSON.stringify(['sites:read', 'sites:write', 'devices:read', 'devices:write']),
    })
    .execute();
  await t.db.db.insertInto('user_roles').values({ user_id: 2, role_id: 'township-devices' }).execute();
  const send = await asTownship();
  expect((await send('PATCH', '/api/devices/OWN-1', { name: '本镇' })).status).toBe(200);
  expect((await send('PATCH', '/api/devices/OTHER-1', { name: 'x' })).status).toBe(404);
  expect((await send('DELETE', '/api/devices/OTHER-1')).status).toBe(404);
  expect((await send('PATCH', '/api/devices/OWN-1', { siteCode: 'QB-X02' })).status).toBe(422);
  expect((await send('PATCH', '/api/sites/QB-X02', { name: 'x' })).status).toBe(404);
  expect((await send('PATCH', '/api/sites/QB-X01', { townshipId: '410611002' })).status).toBe(422);
  expect((await send('PATCH', '/api/sites/QB-X01', { name: '本镇站' })).status).toBe(200);
});
