import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { writeDailyCheckpoints } from '#services/checkpoints/checkpoint.service.ts';
import { checkpointSettings } from '#services/checkpoints/checkpoint-paths.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import type { Database } from '#store/database.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { rawPacketChainOf } from '#store/raw-packet-chain.ts';
import { appendRawPackets } from '#store/raw-packets.repository.ts';
import { forEachEngine, TEST_PG_URL, type TestDb } from '#store/test-engines.ts';
import { rewriteAuditEntry, rewriteRawPacket } from '../test-support/chain-rewrite.ts';
import { runQingshan } from '../test-support/run-cli.ts';

/**
 * Issue 11, the audit and packet chains: "caught every edit, deletion and truncation — except a rewrite with the
 * hashes recomputed, which an unanchored chain cannot catch". Reproduced here as someone with write access to the
 * database would do it: change a recorded role change and a stored packet's value, recompute every later hash and
 * the chain heads, so that `qingshan audit verify` passes — and shown caught by the signed checkpoints kept outside
 * the database (`audit checkpoint`, then `audit verify --checkpoints`), through the real CLI, on both engines.
 */

type Kdb = import('kysely').Kysely<Database>;

/** A database the CLI (a child process) can open: a SQLite file, or the test's PostgreSQL schema by URL. */
async function cliDatabase(
  current: () => TestDb,
): Promise<{ url: string; db: Kdb; close: () => Promise<void> }> {
  const handle = current();
  if (handle.engine === 'postgres' && handle.schema) {
    const url = new URL(TEST_PG_URL);
    url.searchParams.set('options', `-c search_path=${handle.schema}`);
    return { url: url.toString(), db: handle.db, close: async () => undefined };
  }
  const path = join(mkdtempSync(join(tmpdir(), 'qs-abuse-chain-')), 'qingshan.sqlite');
  const file: Db = await openDb(path);
  await migrateToLatest(file.db);
  return { url: path, db: file.db, close: () => file.close() };
}

const T0 = Date.UTC(2026, 11, 5, 2, 0, 0);

/** Packets received by `node` (issue 14: each receiving node keeps its own chain). */
async function packets(db: Kdb, from: number, n: number, node: string) {
  await appendRawPackets(
    db,
    Array.from({ length: n }, (_, i) => ({
      received_at: T0 + from + i,
      peer: '127.0.0.1:5000',
      mn: 'QBABUSE01',
      cn: '2011',
      qn: null,
      bytes: Buffer.from(`##0050QN=${from + i};ST=22;CN=2011;MN=QBABUSE01;CP=&&a34004-Rtd=${40 + i}&&\r\n`),
      verdict: 'stored' as const,
      reason: null,
    })),
    rawPacketChainOf(node),
  );
}

const grant = (who: string, role: string) => ({
  actor: 'admin',
  action: 'set_roles',
  entity: 'user',
  entityId: who,
  before: { roles: [] },
  after: { roles: [role] },
});

forEachEngine('abuse: a chain rewritten with its hashes recomputed', (current) => {
  it('passes plain verify, and is caught by the signed checkpoints (chain, position, time); a forged file too', async () => {
    const target = await cliDatabase(current);
    const dir = mkdtempSync(join(tmpdir(), 'qs-abuse-cp-'));
    // Explicit on PostgreSQL (there is no SQLite folder to default to); SQLite keeps the default, next to its file.
    const pg = current().engine === 'postgres';
    const env: Record<string, string> = pg
      ? {
          QINGSHAN_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl'),
          QINGSHAN_CHECKPOINT_KEY_FILE: join(dir, 'key.pem'),
        }
      : {};
    const folder = pg ? dir : dirname(target.url);
    const file = join(folder, 'checkpoints.jsonl');
    const keyFile = join(folder, pg ? 'key.pem' : 'checkpoint-key.pem');
    const publicKey = join(folder, pg ? 'key.pub.pem' : 'checkpoint-key.pub.pem');
    const qingshan = (...args: string[]) => runQingshan(['--db', target.url, ...args], env);
    try {
      // Monday: roles granted, packets stored, the day's checkpoint taken.
      await appendAudit(target.db, grant('alice', 'township'), T0);
      await packets(target.db, 0, 4, 'node-a');
      await packets(target.db, 10, 3, 'node-b');
      // The serve process's daily checkpoint (in-process here, as it runs there), with the same key and file.
      const settings = checkpointSettings({
        db: target.url,
        checkpointFile: file,
        checkpointKeyFile: keyFile,
      });
      await writeDailyCheckpoints({ db: target.db, settings, now: () => T0 });
      // Tuesday: more of both, and the next checkpoint.
      await appendAudit(target.db, grant('bob', 'township'), T0 + 86_400_000);
      await packets(target.db, 100, 4, 'node-a');
      await packets(target.db, 110, 2, 'node-b');
      const onDemand = await qingshan('audit', 'checkpoint');
      expect(onDemand.code, onDemand.stderr).toBe(0);
      expect(onDemand.stdout).toContain(file);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      // Per day: audit_log, the legacy raw_packets chain (empty), node-a's and node-b's.
      expect(lines).toHaveLength(8);
      const [, , , , tuesdayAudit, , , tuesdayPackets] = lines.map(
        (l) => JSON.parse(l) as { chain: string; headId: number; at: string },
      );
      const clean = await qingshan('audit', 'verify', '--checkpoints', file, '--public-key', publicKey);
      expect(clean.code, clean.stdout).toBe(0);
      expect(clean.stdout).toMatch(/checkpoint file .*: 8 checkpoints, every signature valid/);
      expect(clean.stdout).toMatch(/检查点相符 audit_log: 2 of 2 checkpoints hold/);

      // The attack: bob was made an office administrator, not a township user; a stored PM2.5 of 41 becomes 9
      // in node-b's chain (the second chain: its Tuesday packet, the newest but one).
      const bob = await target.db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_id', '=', 'bob')
        .executeTakeFirstOrThrow();
      await rewriteAuditEntry(target.db, Number(bob.id), {
        after: JSON.stringify({ roles: ['office-admin'] }),
      });
      const packet = await target.db
        .selectFrom('raw_packets')
        .select('id')
        .where('chain', '=', 'raw_packets/node-b')
        .orderBy('id')
        .offset(3)
        .limit(1)
        .executeTakeFirstOrThrow();
      await rewriteRawPacket(
        target.db,
        Number(packet.id),
        Buffer.from('##0050QN=101;ST=22;CN=2011;MN=QBABUSE01;CP=&&a34004-Rtd=9&&\r\n'),
      );

      // An unanchored chain cannot see it: plain verify passes.
      const plain = await qingshan('audit', 'verify');
      expect(plain.code, plain.stdout).toBe(0);
      expect(plain.stdout).toMatch(/audit chain intact/);
      expect(plain.stdout).toMatch(/raw packet chain intact/);

      // The checkpoints do: exit 1, naming chain, position and the checkpoint's time; Monday's still hold.
      const anchored = await qingshan('audit', 'verify', '--checkpoints', file, '--public-key', publicKey);
      expect(anchored.code, anchored.stdout).toBe(1);
      expect(anchored.stdout).toContain(
        `CHECKPOINT MISMATCH: audit chain entry ${tuesdayAudit?.headId} has another hash than its checkpoint of ${tuesdayAudit?.at}`,
      );
      expect(anchored.stdout).toContain(
        `CHECKPOINT MISMATCH: raw packet chain packet ${tuesdayPackets?.headId} (chain raw_packets/node-b) has another hash than its checkpoint of ${tuesdayPackets?.at}`,
      );
      expect(anchored.stdout).toMatch(/in rows after \d+, up to \d+/);
      expect(anchored.stdout).not.toMatch(/FORGED/);

      // Covering the tracks in the checkpoint file too: the rewritten heads put into Tuesday's lines.
      const heads = await target.db.selectFrom('audit_log').select(['id', 'hash']).execute();
      const forgedLines = lines.map((l) => {
        const cp = JSON.parse(l) as { chain: string; headId: number; headHash: string };
        const now = heads.find((h) => Number(h.id) === cp.headId);
        return cp.chain === 'audit_log' && now ? JSON.stringify({ ...cp, headHash: now.hash }) : l;
      });
      const forged = join(dir, 'forged.jsonl');
      writeFileSync(forged, `${forgedLines.join('\n')}\n`);
      const caught = await qingshan('audit', 'verify', '--checkpoints', forged, '--public-key', publicKey);
      expect(caught.code).toBe(1);
      expect(caught.stdout).toMatch(/checkpoint file FORGED or damaged: line 5: signature does not verify/);
    } finally {
      await target.close();
    }
  }, 120_000);
});
