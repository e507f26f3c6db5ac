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

it('registers a backup logger for a site (--role), changes the role with edit, audits both, refuses a bad role', async () => {
  const base = ['devices', 'add', '--site', 'QB-C1', '--password', 'pw-9', '--factor', 'a34004=PM2.5'];
  const add = await qingshan(...base, '--mn', 'QB01B', '--role', 'backup');
  expect(add.code).toBe(0);
  expect(add.stdout).toContain('as backup (备用)');
  expect(add.stderr).toBe('');
  // A second main at the site is allowed, with a note (QB01 is its main).
  const second = await qingshan(...base, '--mn', 'QB01C');
  expect(second.code).toBe(0);
  expect(second.stderr).toContain('already has a main logger (QB01)');
  // Editing something else keeps it a backup.
  expect((await qingshan('devices', 'edit', 'QB01B', '--name', '备用数采仪')).code).toBe(0);
  const devices = JSON.parse((await qingshan('devices', 'list', '--format', 'json')).stdout);
  expect(devices.find((d: { mn: string }) => d.mn === 'QB01B')).toMatchObject({
    role: 'backup',
    name: '备用数采仪',
  });
  expect((await qingshan('devices', 'list')).stdout).toContain('备用');
  const bad = await qingshan(...base, '--mn', 'QB03', '--role', 'spare');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('role: main or backup');
  // `devices edit --role` promotes it, audited (the role before → after), the password never in the audit.
  const promote = await qingshan('devices', 'edit', 'QB01B', '--role', 'main');
  expect(promote.code).toBe(0);
  expect(promote.stdout).toContain('主 main');
  const after = JSON.parse((await qingshan('devices', 'list', '--format', 'json')).stdout);
  expect(after.find((d: { mn: string }) => d.mn === 'QB01B')).toMatchObject({ role: 'main' });
  const audit = await qingshan('audit', 'list', '--format', 'json');
  const entries = JSON.parse(audit.stdout) as { action: string; entity_id: string; after: unknown }[];
  const mine = entries.filter((e) => e.entity_id === 'QB01B');
  expect(mine.map((e) => e.action).sort()).toEqual(['create', 'update', 'update']);
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  expect(mine.some((e) => text(e.after).includes('"role":"main"'))).toBe(true);
  expect(audit.stdout).not.toContain('pw-9');
}, 90_000);

it('sets and clears the HJ 212-2025 encryption-required policy, refusing it without an SM4 key', async () => {
  const refused = await qingshan(
    'devices',
    'add',
    '--mn',
    'QB-ENC',
    '--site',
    'QB-C1',
    '--require-encryption',
  );
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('SM4');
  const add = await qingshan(
    'devices',
    'add',
    '--mn',
    'QB-ENC',
    '--site',
    'QB-C1',
    '--sm4-generate',
    '--require-encryption',
  );
  expect(add.code).toBe(0);
  const listed = async () =>
    (JSON.parse((await qingshan('devices', 'list', '--format', 'json')).stdout) as { mn: string }[]).find(
      (d) => d.mn === 'QB-ENC',
    );
  expect(await listed()).toMatchObject({ encrypted: true, encryptionRequired: true });
  expect((await qingshan('devices', 'edit', 'QB-ENC', '--no-require-encryption')).code).toBe(0);
  expect(await listed()).toMatchObject({ encryptionRequired: false });
});
