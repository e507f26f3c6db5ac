import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  keyIdOf,
  parseCheckpointLine,
  type SignedCheckpoint,
  verifyCheckpoint,
} from '#rules/audit/checkpoint.ts';
import {
  type CheckpointMatch,
  type CheckpointMatcher,
  checkpointMatcher,
} from '#rules/audit/checkpoint-match.ts';
import type { ChainVerdict } from '#rules/audit/hash-chain.ts';
import { verifyAuditChain } from '#store/audit-log.repository.ts';
import { CHECKPOINTED_CHAINS, type CheckpointedChain, chainFamilyOf } from '#store/chain-heads.repository.ts';
import type { Database } from '#store/database.ts';
import { type RawPacketChainVerdict, verifyRawPacketChain } from '#store/raw-packet-chain.repository.ts';
import type { NumberedLine } from './checkpoint-file.ts';

/**
 * `qingshan audit verify --checkpoints FILE` (issue 11): every line's signature first, then each chain walked once
 * by its own verifier (paged: a chain of millions is never held in memory), with every verified row held against
 * the checkpoints of that chain. Only the checkpoints are kept in memory.
 */

/** At most this many bad lines are described one by one; the rest are counted. */
const BAD_LINES_LISTED = 20;

export type ChainCheck =
  | { chain: 'audit_log'; verdict: ChainVerdict; checkpoints: number; match: CheckpointMatch }
  | { chain: 'raw_packets'; verdict: RawPacketChainVerdict; checkpoints: number; match: CheckpointMatch };

export interface CheckpointReport {
  /** Checkpoint lines read (blank lines not counted). */
  lines: number;
  /** Lines that are not checkpoints, or whose signature does not verify: a forged or damaged file. */
  bad: { lineNo: number; reason: string }[];
  badCount: number;
  /** Well-signed checkpoints of chains not verified in this run. */
  otherChains: number;
  chains: ChainCheck[];
}

/** Reads and checks every line; groups the genuine checkpoints by chain. */
async function readSigned(lines: AsyncIterable<NumberedLine>, keys: readonly KeyObject[]) {
  const byKeyId = new Map(keys.map((k) => [keyIdOf(k), k]));
  const byChain = new Map<string, SignedCheckpoint[]>();
  const bad: CheckpointReport['bad'] = [];
  let badCount = 0;
  let count = 0;
  const reject = (lineNo: number, reason: string) => {
    badCount++;
    if (bad.length < BAD_LINES_LISTED) bad.push({ lineNo, reason });
  };
  for await (const { lineNo, line } of lines) {
    if (line.trim() === '') continue;
    count++;
    const parsed = parseCheckpointLine(line);
    if (!parsed.ok) {
      reject(lineNo, `not a checkpoint (${parsed.reason})`);
      continue;
    }
    const cp = parsed.checkpoint;
    const key = byKeyId.get(cp.keyId);
    if (!key) reject(lineNo, `signed with key ${cp.keyId}, which is none of the public keys given`);
    else if (!verifyCheckpoint(cp, key)) reject(lineNo, 'signature does not verify (forged or altered)');
    else {
      const list = byChain.get(cp.chain);
      if (list) list.push(cp);
      else byChain.set(cp.chain, [cp]);
    }
  }
  return { byChain, bad, badCount, count };
}

export async function verifyAgainstCheckpoints(
  db: Kysely<Database>,
  lines: AsyncIterable<NumberedLine>,
  keys: readonly KeyObject[],
  chains: readonly CheckpointedChain[] = CHECKPOINTED_CHAINS,
): Promise<CheckpointReport> {
  const { byChain, bad, badCount, count } = await readSigned(lines, keys);
  const checks: ChainCheck[] = [];
  for (const chain of chains) {
    if (chain === 'audit_log') {
      const checkpoints = byChain.get(chain) ?? [];
      const matcher = checkpointMatcher(checkpoints);
      const verdict = await verifyAuditChain(db, undefined, (id, hash) => matcher.observe(id, hash));
      checks.push({ chain, verdict, checkpoints: checkpoints.length, match: matcher.finish(verdict.ok) });
    } else {
      // Every raw packet chain (the legacy one and each node's) in one walk, each row held against the
      // checkpoints of its own chain; a chain whose head vanished leaves its checkpoints 'missing'.
      const matchers = new Map<string, CheckpointMatcher>();
      let checkpoints = 0;
      for (const [name, cps] of byChain) {
        if (chainFamilyOf(name) !== 'raw_packets') continue;
        matchers.set(name, checkpointMatcher(cps));
        checkpoints += cps.length;
      }
      const verdict = await verifyRawPacketChain(db, undefined, (id, hash, name) =>
        matchers.get(name)?.observe(id, hash),
      );
      const match: CheckpointMatch = { held: 0, findings: [] };
      for (const m of matchers.values()) {
        const one = m.finish(verdict.ok);
        match.held += one.held;
        match.findings.push(...one.findings);
      }
      checks.push({ chain, verdict, checkpoints, match });
    }
  }
  let otherChains = 0;
  for (const [chain, cps] of byChain) {
    const family = chainFamilyOf(chain);
    if (family === undefined || !chains.includes(family)) otherChains += cps.length;
  }
  return { lines: count, bad, badCount, otherChains, chains: checks };
}
