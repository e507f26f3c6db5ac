import { beforeAll, expect, it } from 'vitest';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { appendRawPackets } from '#store/raw-packets.repository.ts';
import { upsertSite } from '#store/sites.repository.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { runQingshan } from '../test-support/run-cli.ts';

const DB = tempDbPath();

const qingshan = (...args: string[]) => runQingshan(['--db', DB, ...args]);

beforeAll(async () => {
  const db = await openDb(DB);
  await migrateToLatest(db.db);
  await upsertSite(db.db, { code: 'QB-C1', name: '命令测试站', kind: 'air_station' });
  await appendRawPackets(db.db, [
    {
      received_at: 1_750_000_000_000,
      peer: '127.0.0.1:5000',
      mn: 'STRANGER',
      cn: '2061',
      qn: '20250601000000001',
      bytes: Buffer.from('##0050QN=20250601000000001;ST=22;CN=2061;PW=secret;MN=STRANGER;CP=&&&&ABCD\r\n'),
      verdict: 'quarantined',
      reason: 'unknown MN (not in the device registry)',
    },
  ]);
  await db.close();
});

it('registers a device, lists it without its password, and shows the quarantine', async () => {
  const add = await qingshan(
    'devices',
    'add',
    '--mn',
    'QB01',
    '--site',
    'QB-C1',
    '--password',
    'pw-123',
    '--interval',
    '300',
    '--factor',
    'a34004=PM2.5',
    '--factor',
    'a21005=CO*0.001',
  );
  expect(add.code).toBe(0);
  expect(add.stdout).toContain('device QB01 → site QB-C1');
  const list = await qingshan('devices', 'list', '--format', 'json');
  const devices = JSON.parse(list.stdout);
  expect(devices[0]).toMatchObject({ mn: 'QB01', siteCode: 'QB-C1', expectedIntervalS: 300 });
  expect(
    [...devices[0].factors].sort((a: { factor: string }, b: { factor: string }) =>
      a.factor.localeCompare(b.factor),
    ),
  ).toEqual([
    { factor: 'a21005', parameter: 'CO', scale: 0.001 },
    { factor: 'a34004', parameter: 'PM2.5', scale: 1 },
  ]);
  expect(list.stdout).not.toContain('pw-123');
  const q = await qingshan('hj212', 'quarantine', '--format', 'json');
  expect(JSON.parse(q.stdout)[0]).toMatchObject({
    mn: 'STRANGER',
    reason: 'unknown MN (not in the device registry)',
  });
  expect(q.stdout).toContain('PW=***');
  expect(q.stdout).not.toContain('secret');
  const bad = await qingshan('devices', 'add', '--mn', 'QB02', '--site', 'NOPE', '--password', 'x');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('no such site: NOPE');
}, 30_000);

it('edits, disables, rotates the key of and removes a device through the shared services, audited', async () => {
  expect((await qingshan('sites', 'add', 'QB-C2', '--name', '第二站', '--kind', 'air_station')).code).toBe(0);
  const far = await qingshan('sites', 'edit', 'QB-C2', '--lon', '120', '--lat', '35.7');
  expect(far.code).toBe(2);
  expect(far.stderr).toContain('经度应在鹤壁范围内');
  const add = await qingshan('devices', 'add', '--mn', 'QB03', '--site', 'QB-C1', '--factor', 'a34004=PM2.5');
  expect(add.code).toBe(0);
  const pw = /PW（只显示这一次 \/ shown once）: (\S+)/.exec(add.stdout)?.[1];
  expect(pw).toMatch(/^[A-Za-z0-9]{16}$/);
  expect((await qingshan('devices', 'edit', 'QB03', '--site', 'QB-C2', '--interval', '60')).code).toBe(0);
  expect((await qingshan('devices', 'disable', 'QB03')).code).toBe(0);
  const rotated = await qingshan('devices', 'rotate-key', 'QB03', '--sm4', 'generate');
  expect(rotated.stdout).toMatch(/SM4 密钥（只显示这一次 \/ shown once）: [0-9a-f]{32}/);
  const list = JSON.parse((await qingshan('devices', 'list', '--format', 'json')).stdout) as {
    mn: string;
    siteCode: string;
    enabled: boolean;
    encrypted: boolean;
  }[];
  expect(list.find((d) => d.mn === 'QB03')).toMatchObject({
    siteCode: 'QB-C2',
    enabled: false,
    encrypted: true,
  });
  expect((await qingshan('devices', 'remove', 'QB03')).code).toBe(0);
  const audit = (await qingshan('audit', 'list', '--format', 'json')).stdout;
  for (const action of ['create', 'update', 'disable', 'rotate-key', 'delete'])
    expect(audit).toContain(action);
  expect(audit).not.toContain(pw);
}, 60_000);
