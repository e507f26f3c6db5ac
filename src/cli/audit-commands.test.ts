import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, expect, it } from 'vitest';
import { appendAudit } from '#store/audit-log.repository.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { openDb } from '#store/open-db.ts';
import { rawPacketChainOf } from '#store/raw-packet-chain.ts';
import { appendRawPackets } from '#store/raw-packets.repository.ts';
import { tempDbPath } from '../test-support/air-fixture.ts';
import { runQingshan } from '../test-support/run-cli.ts';

// The real CLI in a child process against a SQLite file holding an audit entry and chained raw packets.
const DB = tempDbPath();
const qingshan = (...args: string[]) => runQingshan(['--db', DB, ...args]);

beforeAll(async () => {
  const db = await openDb(DB);
  await migrateToLatest(db.db);
  await appendAudit(db.db, { actor: 'cli-test', action: 'create', entity: 'site', entityId: 'QB-1' });
  // Two receiving nodes, each on its own chain (issue 14): batches 0 and 2 from node-a, batch 1 from node-b.
  for (let batch = 0; batch < 3; batch++) {
    await appendRawPackets(
      db.db,
      Array.from({ length: 4 }, (_, i) => ({
        received_at: 1_750_000_000_000 + batch * 10 + i,
        peer: '127.0.0.1:5000',
        mn: 'QBAUDIT01',
        cn: '2011',
        qn: null,
        bytes: Buffer.from(
          `##0050QN=${batch}${i};ST=22;CN=2011;PW=x;MN=QBAUDIT01;CP=&&a34004-Rtd=1${i}&&ABCD\r\n`,
        ),
        verdict: 'stored' as const,
        reason: null,
      })),
      rawPacketChainOf(batch === 1 ? 'node-b' : 'node-a'),
    );
  }
  await db.close();
});

it('verifies both chains, then names a raw packet altered behind the application (exit 1)', async () => {
  const intact = await qingshan('audit', 'verify');
  expect(intact.code).toBe(0);
  expect(intact.stdout).toMatch(/audit chain intact: 1 entries/);
  expect(intact.stdout).toMatch(/raw packet chain intact: 12 packets in 3 chains/);
  expect(intact.stdout).toMatch(/raw_packets\/node-a 8 .*raw_packets\/node-b 4 /);

  // A stored value rewritten in place: Rtd=12 becomes Rtd=92 in packet 7 (node-b's chain).
  const sqlite = new BetterSqlite3(DB);
  const row = sqlite.prepare('select bytes from raw_packets where id = 7').get() as { bytes: Buffer };
  const tampered = Buffer.from(row.bytes.toString().replace('Rtd=12', 'Rtd=92'));
  sqlite.prepare('update raw_packets set bytes = ? where id = 7').run(tampered);
  sqlite.close();

  const broken = await qingshan('audit', 'verify');
  expect(broken.code).toBe(1);
  expect(broken.stdout).toMatch(/audit chain intact/);
  expect(broken.stdout).toMatch(/raw packet chain BROKEN at packet 7: content does not match its hash/);
  expect(broken.stdout).toMatch(/in chain raw_packets\/node-b \(6 packets before it verified/);
  const auditOnly = await qingshan('audit', 'verify', '--audit');
  expect(auditOnly.code).toBe(0);
  expect(auditOnly.stdout).not.toMatch(/raw packet/);
  expect((await qingshan('audit', 'verify', '--packets')).code).toBe(1);
}, 60_000);

it('names the audit entry whose recorded change was rewritten behind the application (exit 1)', async () => {
  const own = tempDbPath();
  const db = await openDb(own);
  await migrateToLatest(db.db);
  for (const who of ['alice', 'bob', 'carol']) {
    await appendAudit(db.db, {
      actor: 'cli-test',
      action: 'set_roles',
      entity: 'user',
      entityId: who,
      before: { roles: [] },
      after: { roles: ['township'] },
    });
  }
  await db.close();
  const q = (...args: string[]) => runQingshan(['--db', own, ...args]);
  expect((await q('audit', 'verify', '--audit')).code).toBe(0);

  // Someone with database access makes bob's change look like a harmless one.
  const sqlite = new BetterSqlite3(own);
  const bob = sqlite.prepare("select id from audit_log where entity_id = 'bob'").get() as { id: number };
  sqlite.prepare('update audit_log set after = ? where id = ?').run('{"roles":[]}', bob.id);
  sqlite.close();

  const broken = await q('audit', 'verify', '--audit');
  expect(broken.code).toBe(1);
  expect(broken.stdout).toContain(`audit chain BROKEN at entry ${bob.id}`);
}, 60_000);
