import type { Kysely } from 'kysely';
import {
  formatCheckpointLine,
  parseCheckpointLine,
  type SignedCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
} from '#rules/audit/checkpoint.ts';
import { dateOf } from '#rules/time/calendar.ts';
import type { Actor } from '#services/auth/accounts.service.ts';
import type { Logger } from '#services/logger.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import { readChainHeads } from '#store/chain-heads.repository.ts';
import type { Database } from '#store/database.ts';
import { appendCheckpointLines, readCheckpointLines } from './checkpoint-file.ts';
import { loadOrCreateSigningKey, type SigningKey } from './checkpoint-key.ts';
import type { CheckpointSettings } from './checkpoint-paths.ts';

/**
 * Checkpoints of the hash chains (issue 11): each chain's head, read from the database, signed with the key kept
 * outside it, appended to the checkpoint file. On demand (CLI, API: audited) and daily (the serve process).
 */

export interface CheckpointDeps {
  db: Kysely<Database>;
  settings: CheckpointSettings;
  now: () => number;
  log?: Logger;
}

export interface WrittenCheckpoints {
  file: string;
  publicKeyFile: string;
  keyId: string;
  checkpoints: SignedCheckpoint[];
}

async function signHeads(deps: CheckpointDeps, key: SigningKey): Promise<SignedCheckpoint[]> {
  const at = new Date(deps.now()).toISOString();
  return (await readChainHeads(deps.db)).map((h) =>
    signCheckpoint(
      { chain: h.name, headId: h.lastId, headHash: h.lastHash, at, node: deps.settings.node },
      key.privateKey,
    ),
  );
}

const loadKey = (deps: CheckpointDeps) =>
  loadOrCreateSigningKey(deps.settings.keyFile, deps.settings.publicKeyFile, deps.log);

/**
 * Checkpoints every chain's head now and appends them to the file; then records in the audit log who asked for
 * it and what was signed. The audit entry comes after the heads were read, so it is not covered by this
 * checkpoint but by the next.
 */
export async function writeCheckpoints(deps: CheckpointDeps, by: Actor): Promise<WrittenCheckpoints> {
  const key = await loadKey(deps);
  const checkpoints = await signHeads(deps, key);
  await appendCheckpointLines(deps.settings.checkpointFile, checkpoints.map(formatCheckpointLine));
  await appendAudit(
    deps.db,
    {
      actor: by.actor,
      origin: by.origin,
      action: 'checkpoint',
      entity: 'hash_chain',
      detail: {
        keyId: key.keyId,
        node: deps.settings.node,
        heads: checkpoints.map(({ chain, headId, headHash }) => ({ chain, headId, headHash })),
      },
    },
    deps.now(),
  );
  return written(deps, key, checkpoints);
}

const written = (deps: CheckpointDeps, key: SigningKey, checkpoints: SignedCheckpoint[]) => ({
  file: deps.settings.checkpointFile,
  publicKeyFile: deps.settings.publicKeyFile,
  keyId: key.keyId,
  checkpoints,
});

/** Checkpoints in the file, signed by `key`, dated `date` (Asia/Shanghai); forged or foreign lines left out. */
async function checkpointsOfDay(file: string, key: SigningKey, date: string): Promise<SignedCheckpoint[]> {
  const found: SignedCheckpoint[] = [];
  for await (const { line } of readCheckpointLines(file)) {
    const parsed = parseCheckpointLine(line);
    if (!parsed.ok || parsed.checkpoint.keyId !== key.keyId) continue;
    const cp = parsed.checkpoint;
    if (dateOf(Date.parse(cp.at)) === date && verifyCheckpoint(cp, key.publicKey)) found.push(cp);
  }
  return found;
}

/**
 * The daily checkpoint: appends a checkpoint of each chain whose current head has none by this key dated today
 * (Asia/Shanghai), and returns what it wrote. Stateless and idempotent: it decides from the file alone, so
 * running it again, after a restart or on another node sharing the file, adds nothing for an unchanged head.
 * Not audited: it is routine, and the file is its record.
 */
export async function writeDailyCheckpoints(deps: CheckpointDeps): Promise<WrittenCheckpoints> {
  const key = await loadKey(deps);
  const heads = await signHeads(deps, key);
  const today = await checkpointsOfDay(deps.settings.checkpointFile, key, dateOf(deps.now()));
  const due = heads.filter(
    (h) => !today.some((t) => t.chain === h.chain && t.headId === h.headId && t.headHash === h.headHash),
  );
  await appendCheckpointLines(deps.settings.checkpointFile, due.map(formatCheckpointLine));
  return written(deps, key, due);
}

/**
 * The hook for the daily bulletin (每日公报, not built yet): the lines of the checkpoint file dated today
 * (Asia/Shanghai), verbatim, whoever signed them — published as they are, each verifiable with its node's public
 * key. Lines that are not checkpoints are left out.
 */
export async function todaysCheckpointLines(file: string, now: number): Promise<string[]> {
  const today = dateOf(now);
  const lines: string[] = [];
  for await (const { line } of readCheckpointLines(file)) {
    const parsed = parseCheckpointLine(line);
    if (parsed.ok && dateOf(Date.parse(parsed.checkpoint.at)) === today) lines.push(line);
  }
  return lines;
}
