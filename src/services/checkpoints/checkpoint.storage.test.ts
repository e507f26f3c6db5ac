import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { formatCheckpointLine, parseCheckpointLine, signCheckpoint } from '#rules/audit/checkpoint.ts';
import { appendAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import { verifyRawPacketChain } from '#store/raw-packet-chain.repository.ts';
import { appendRawPackets } from '#store/raw-packets.repository.ts';
import { forEachEngine, type TestDb } from '#store/test-engines.ts';
import { cutAuditChainBack, rewriteAuditEntry, rewriteRawPacket } from '../../test-support/chain-rewrite.ts';
import {
  type CheckpointDeps,
  todaysCheckpointLines,
  writeCheckpoints,
  writeDailyCheckpoints,
} from './checkpoint.service.ts';
import { readCheckpointLines } from './checkpoint-file.ts';
import { loadVerifyingKeys } from './checkpoint-key.ts';
import { checkpointSettings } from './checkpoint-paths.ts';
import { verifyAgainstCheckpoints } from './checkpoint-verify.service.ts';

// 2026-12-05 21:00 in Beijing (13:00 UTC): three hours before the Asia/Shanghai date changes.
const T0 = Date.UTC(2026, 11, 5, 13, 0, 0);
const HOUR = 3_600_000;
const ACTOR = { actor: 'test', origin: 'test' };

async function seed(db: TestDb['db']) {
  for (const who of ['alice', 'bob', 'carol']) {
    await appendAudit(db, { actor: 'admin', action: 'set_roles', entity: 'user', entityId: who }, T0);
  }
  await appendRawPackets(
    db,
    Array.from({ length: 5 }, (_, i) => ({
      received_at: T0 + i,
      peer: '127.0.0.1:5000',
      mn: 'QBCP01',
      cn: '2011',
      qn: null,
      bytes: Buffer.from(`##0040QN=${i};CN=2011;MN=QBCP01;CP=&&a34004-Rtd=3${i}&&\r\n`),
      verdict: 'stored' as const,
      reason: null,
    })),
  );
}

function setup(current: () => TestDb) {
  const dir = mkdtempSync(join(tmpdir(), 'qs-cp-'));
  let t = T0;
  const deps: CheckpointDeps = {
    db: current().db,
    settings: checkpointSettings({ db: join(dir, 'q.sqlite') }, 'node-a'),
    now: () => t,
  };
  const verify = async () =>
    verifyAgainstCheckpoints(
      deps.db,
      readCheckpointLines(deps.settings.checkpointFile),
      await loadVerifyingKeys([deps.settings.publicKeyFile]),
    );
  return { deps, verify, dir, advance: (ms: number) => (t += ms) };
}

const idOf = async (db: TestDb['db'], entityId: string) =>
  Number(
    (
      await db
        .selectFrom('audit_log')
        .select('id')
        .where('entity_id', '=', entityId)
        .executeTakeFirstOrThrow()
    ).id,
  );

forEachEngine('checkpoints of the hash chains', (current) => {
  it('signs both heads, audits the request, and holds while nothing changed', async () => {
    const { deps, verify } = setup(current);
    await seed(deps.db);
    const written = await writeCheckpoints(deps, ACTOR);
    expect(written.checkpoints.map((c) => [c.chain, c.node, c.at])).toEqual([
      ['audit_log', 'node-a', new Date(T0).toISOString()],
      ['raw_packets', 'node-a', new Date(T0).toISOString()],
    ]);
    expect(written.checkpoints[0]?.headId).toBe(await idOf(deps.db, 'carol'));
    const audit = await deps.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: 'test', action: 'checkpoint', entity: 'hash_chain' });
    expect(JSON.parse(audit.detail ?? '{}')).toMatchObject({ keyId: written.keyId, node: 'node-a' });

    const report = await verify();
    expect(report).toMatchObject({ lines: 2, badCount: 0, otherChains: 0 });
    expect(report.chains.map((c) => [c.chain, c.verdict.ok, c.match])).toEqual([
      ['audit_log', true, { held: 1, findings: [] }],
      ['raw_packets', true, { held: 1, findings: [] }],
    ]);
  });

  it('finds an audit entry rewritten with every later hash recomputed, which plain verify passes', async () => {
    const { deps, verify } = setup(current);
    await seed(deps.db);
    const [audit] = (await writeCheckpoints(deps, ACTOR)).checkpoints;
    await rewriteAuditEntry(deps.db, await idOf(deps.db, 'bob'), { action: 'view' });
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
    const report = await verify();
    const check = report.chains.find((c) => c.chain === 'audit_log');
    expect(check?.verdict.ok).toBe(true);
    expect(check?.match.findings).toEqual([
      {
        kind: 'rewritten',
        checkpoint: audit,
        hashNow: expect.not.stringMatching(audit?.headHash ?? ''),
        after: null,
      },
    ]);
    expect(report.chains.find((c) => c.chain === 'raw_packets')?.match.findings).toEqual([]);
  });

  it('finds a raw packet rewritten with every later hash recomputed, and a chain cut back', async () => {
    const { deps, verify } = setup(current);
    await seed(deps.db);
    await writeCheckpoints(deps, ACTOR);
    const second = await deps.db
      .selectFrom('raw_packets')
      .select('id')
      .orderBy('id')
      .offset(1)
      .limit(1)
      .executeTakeFirstOrThrow();
    await rewriteRawPacket(
      deps.db,
      Number(second.id),
      Buffer.from('##0040QN=1;CN=2011;MN=QBCP01;CP=&&a34004-Rtd=99&&\r\n'),
    );
    expect((await verifyRawPacketChain(deps.db)).ok).toBe(true);
    expect((await verify()).chains.find((c) => c.chain === 'raw_packets')?.match.findings).toMatchObject([
      { kind: 'rewritten' },
    ]);

    await cutAuditChainBack(deps.db, await idOf(deps.db, 'carol'));
    expect((await verifyAuditChain(deps.db)).ok).toBe(true);
    expect((await verify()).chains.find((c) => c.chain === 'audit_log')?.match.findings).toMatchObject([
      { kind: 'missing' },
    ]);
  });

  it('reports lines with a bad signature, another key, or no checkpoint at all, and does not trust them', async () => {
    const { deps, verify } = setup(current);
    await seed(deps.db);
    const [good] = (await writeCheckpoints(deps, ACTOR)).checkpoints;
    if (!good) throw new Error('no checkpoint');
    const file = deps.settings.checkpointFile;
    // A forger moves the checkpoint to a hash that matches a rewritten chain, keeping the old signature.
    appendFileSync(file, `${formatCheckpointLine({ ...good, headHash: 'f'.repeat(64) })}\n`);
    const stranger = generateKeyPairSync('ed25519').privateKey;
    appendFileSync(
      file,
      `${formatCheckpointLine(signCheckpoint({ ...good, headHash: 'e'.repeat(64) }, stranger))}\n`,
    );
    appendFileSync(file, 'not json\n\n');
    const report = await verify();
    expect(report.badCount).toBe(3);
    expect(report.bad.map((b) => [b.lineNo, b.reason])).toEqual([
      [3, 'signature does not verify (forged or altered)'],
      [4, expect.stringMatching(/none of the public keys given/)],
      [5, 'not a checkpoint (not JSON)'],
    ]);
    // The forged lines were not held against the chain (they would have shown as rewritten).
    expect(report.chains.every((c) => c.match.findings.length === 0)).toBe(true);
  });

  it('writes the daily checkpoint once per head and Beijing day, whatever runs it again', async () => {
    const { deps, advance } = setup(current);
    await seed(deps.db);
    expect((await writeDailyCheckpoints(deps)).checkpoints).toHaveLength(2);
    expect((await writeDailyCheckpoints(deps)).checkpoints).toHaveLength(0);
    // Same day, the audit head moved: only that chain is checkpointed again.
    await appendAudit(deps.db, { actor: 'admin', action: 'create', entity: 'site', entityId: 'QB-9' }, T0);
    advance(HOUR);
    expect((await writeDailyCheckpoints(deps)).checkpoints.map((c) => c.chain)).toEqual(['audit_log']);
    // 00:00 in Beijing is 16:00 UTC: a new day, both again.
    advance(2 * HOUR + 1);
    expect((await writeDailyCheckpoints(deps)).checkpoints).toHaveLength(2);
    const lines = readFileSync(deps.settings.checkpointFile, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    // The bulletin's hook: today's lines, verbatim.
    expect(await todaysCheckpointLines(deps.settings.checkpointFile, T0 + 3 * HOUR + 1)).toEqual(
      lines.slice(3),
    );
    expect(await todaysCheckpointLines(deps.settings.checkpointFile, T0)).toEqual(lines.slice(0, 3));
    expect(lines.every((l) => parseCheckpointLine(l).ok)).toBe(true);
  });
});
