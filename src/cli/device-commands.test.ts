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

it('registers a backup logger for a site (--role), keeps the role on an update, audits both, refuses a bad role', async () => {
  const base = ['devices', 'add', '--site', 'QB-C1', '--password', 'pw-9', '--factor', 'a34004=PM2.5'];
  const add = await qingshan(...base, '--mn', 'QB01B', '--role', 'backup');
  expect(add.code).toBe(0);
  expect(add.stdout).toContain('as backup (备用)');
  expect(add.stderr).toBe('');
  // A second main at the site is allowed, with a note (QB01 is its main).
  const second = await qingshan(...base, '--mn', 'QB01C');
  expect(second.code).toBe(0);
  expect(second.stderr).toContain('already has a main logger (QB01)');
  // Re-registering without --role (e.g. a new password) keeps it a backup.
  expect((await qingshan(...base, '--mn', 'QB01B', '--name', '备用数采仪')).code).toBe(0);
  const devices = JSON.parse((await qingshan('devices', 'list', '--format', 'json')).stdout);
  expect(devices.find((d: { mn: string }) => d.mn === 'QB01B')).toMatchObject({
    role: 'backup',
    name: '备用数采仪',
  });
  const table = await qingshan('devices', 'list');
  expect(table.stdout).toContain('备用');
  const audit = await qingshan('audit', 'list', '--format', 'json');
  const entries = JSON.parse(audit.stdout) as { action: string; entity_id: string }[];
  const mine = entries.filter((e) => e.entity_id === 'QB01B').map((e) => e.action);
  expect(mine.sort()).toEqual(['register_device', 'update_device']);
  expect(audit.stdout).not.toContain('pw-9');
  const bad = await qingshan(...base, '--mn', 'QB03', '--role', 'spare');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('role: main or backup');
  // `devices update` changes the role alone (no password needed), audited; unknown MNs and no change refused.
  const promote = await qingshan('devices', 'update', '--mn', 'QB01B', '--role', 'main');
  expect(promote.code).toBe(0);
  expect(promote.stdout).toContain('device QB01B: 主 main, enabled');
  const after = JSON.parse((await qingshan('devices', 'list', '--format', 'json')).stdout);
  expect(after.find((d: { mn: string }) => d.mn === 'QB01B')).toMatchObject({
    role: 'main',
    name: '备用数采仪',
  });
  const updates = JSON.parse((await qingshan('audit', 'list', '--format', 'json')).stdout) as {
    action: string;
    entity_id: string;
  }[];
  expect(updates.filter((e) => e.entity_id === 'QB01B' && e.action === 'update_device')).toHaveLength(2);
  const unknown = await qingshan('devices', 'update', '--mn', 'NOPE', '--role', 'backup');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('no such device: NOPE');
  const nothing = await qingshan('devices', 'update', '--mn', 'QB01B');
  expect(nothing.code).toBe(2);
  expect(nothing.stderr).toContain('nothing to change');
}, 90_000);
