import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { ChainVerdict } from '#rules/audit/hash-chain.ts';
import { UserError } from '#services/errors.ts';
import type { CheckpointedChain } from '#store/chain-heads.repository.ts';
import type { RawPacketChainVerdict } from '#store/raw-packet-chain.repository.ts';
import {
  checkpointReportLines,
  type ReportLine,
  verifyingKeyFiles,
  writtenView,
} from './audit-checkpoint-views.ts';
import { addFormatOption, print } from './command-helpers.ts';
import { configFrom, type GlobalOptions, withDb } from './context.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The audit trail's and checkpoints' code, loaded when a command runs: `audit --help` loads none of it (issue 12). */
async function auditCode() {
  const [checkpoint, file, key, paths, verify, auditLog, packets, users] = await Promise.all([
    import('#services/checkpoints/checkpoint.service.ts'),
    import('#services/checkpoints/checkpoint-file.ts'),
    import('#services/checkpoints/checkpoint-key.ts'),
    import('#services/checkpoints/checkpoint-paths.ts'),
    import('#services/checkpoints/checkpoint-verify.service.ts'),
    import('#store/audit-log.repository.ts'),
    import('#store/raw-packet-chain.repository.ts'),
    import('./user-commands.ts'),
  ]);
  return { ...checkpoint, ...file, ...key, ...paths, ...verify, ...auditLog, ...packets, ...users };
}

interface VerifyOptions {
  audit?: boolean;
  packets?: boolean;
  checkpoints?: string;
  publicKey?: string[];
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计 audit trail: who changed what, hash-chained');

  audit
    .command('verify')
    .description(
      're-compute the hash chains of the audit log and of the raw HJ 212 packets; names the first altered, ' +
        'removed or reordered entry (exit 1)',
    )
    .option('--audit', 'only the audit log')
    .option('--packets', 'only the raw HJ 212 packets')
    .option(
      '--checkpoints <file>',
      'also hold the chains against the signed checkpoints in FILE: finds a rewrite with the hashes recomputed',
    )
    .option(
      '--public-key <file>',
      'public key the checkpoints are signed with (repeatable; default: the configured key’s .pub.pem)',
      collect,
    )
    .action(async (opts: VerifyOptions, cmd: Command) => {
      const both = !opts.audit && !opts.packets;
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const lines = opts.checkpoints
        ? await verifyWithCheckpoints(global, opts.checkpoints, opts.publicKey, [
            ...(both || opts.audit ? (['audit_log'] as const) : []),
            ...(both || opts.packets ? (['raw_packets'] as const) : []),
          ])
        : await withDb(global, async (db) => {
            const { verifyAuditChain, verifyRawPacketChain } = await auditCode();
            const out: ReportLine[] = [];
            if (both || opts.audit) out.push(auditLine(await verifyAuditChain(db.db)));
            if (both || opts.packets) out.push(packetsLine(await verifyRawPacketChain(db.db)));
            return out;
          });
      for (const { line } of lines) process.stdout.write(`${line}\n`);
      if (lines.some((l) => !l.ok)) process.exitCode = 1;
    });

  addFormatOption(
    audit
      .command('checkpoint')
      .description(
        'sign the head of each hash chain with the checkpoint key (kept outside the database) and append it ' +
          'to the checkpoint file, where the database cannot rewrite it (audited)',
      ),
  ).action(async (opts: { format: string }, cmd: Command) => {
    const global = cmd.optsWithGlobals<GlobalOptions>();
    const { checkpointSettings, writeCheckpoints, cliActor } = await auditCode();
    const settings = checkpointSettings(configFrom(global));
    const written = await withDb(global, (db, log) =>
      writeCheckpoints({ db: db.db, settings, now: Date.now, log }, cliActor()),
    );
    print(writtenView(written), opts.format);
  });

  addFormatOption(
    audit.command('list').description('newest entries first').option('--limit <n>', 'how many', '50'),
  ).action(async (opts: { limit: string; format: string }, cmd: Command) => {
    const rows = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
      (await auditCode()).listAudit(db.db, Number(opts.limit)),
    );
    const view = rows.map((r) => ({
      时间: new Date(Number(r.at)).toISOString(),
      操作人: r.actor,
      操作: r.action,
      对象: `${r.entity}${r.entity_id ? `:${r.entity_id}` : ''}`,
      来源: r.origin,
      变更前: r.before,
      变更后: r.after,
    }));
    print({ json: rows, rows: view, title: `审计记录 ${rows.length} 条` }, opts.format);
  });
}

/** The chains' own verdicts, then each held against the checkpoints in `file` (signatures checked first). */
async function verifyWithCheckpoints(
  global: GlobalOptions,
  file: string,
  publicKeys: string[] | undefined,
  chains: readonly CheckpointedChain[],
): Promise<ReportLine[]> {
  if (!existsSync(file)) {
    throw new UserError('no_checkpoint_file', `检查点文件不存在 / no checkpoint file ${file}`);
  }
  const { loadVerifyingKeys, checkpointSettings, verifyAgainstCheckpoints, readCheckpointLines } =
    await auditCode();
  const keys = await loadVerifyingKeys(verifyingKeyFiles(publicKeys, checkpointSettings(configFrom(global))));
  const report = await withDb(global, (db) =>
    verifyAgainstCheckpoints(db.db, readCheckpointLines(file), keys, chains),
  );
  return [
    ...report.chains.map((c) => (c.chain === 'audit_log' ? auditLine(c.verdict) : packetsLine(c.verdict))),
    ...checkpointReportLines(report, file),
  ];
}

function auditLine(v: ChainVerdict): { ok: boolean; line: string } {
  return v.ok
    ? {
        ok: true,
        line: `审计链完整 audit chain intact: ${v.count} entries, head ${v.lastHash.slice(0, 16)}…`,
      }
    : {
        ok: false,
        line:
          `审计链被破坏 audit chain BROKEN at entry ${v.firstBroken.id}: ${v.firstBroken.reason} ` +
          `(${v.count} entries before it verified)`,
      };
}

function packetsLine(v: RawPacketChainVerdict): { ok: boolean; line: string } {
  const unchained =
    (v.unchained > 0 ? `; ${v.unchained} earlier packets received before chaining began (not covered)` : '') +
    (v.quarantine > 0 ? `; ${v.quarantine} quarantined packets kept outside the chain (pruned by age)` : '');
  // One chain per receiving node (issue 14): each is listed with its packets and head.
  const chains = v.chains
    .filter((c) => c.count > 0 || v.chains.length === 1)
    .map((c) => `${c.name} ${c.count} (head ${c.lastHash.slice(0, 16)}…)`)
    .join(', ');
  return v.ok
    ? {
        ok: true,
        line:
          `原始报文链完整 raw packet chain intact: ${v.count} packets in ${v.chains.length} ` +
          `chain${v.chains.length === 1 ? '' : 's'}: ${chains}${unchained}`,
      }
    : {
        ok: false,
        line:
          `原始报文链被破坏 raw packet chain BROKEN at packet ${v.firstBroken.id}: ${v.firstBroken.reason} ` +
          `— in chain ${v.firstBroken.chain} (${v.count} packets before it verified${unchained})`,
      };
}
