import type { Command } from 'commander';
import type { ChainVerdict } from '#rules/audit/hash-chain.ts';
import { listAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import { type RawPacketChainVerdict, verifyRawPacketChain } from '#store/raw-packet-chain.repository.ts';
import { addFormatOption, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';

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
    .action(async (opts: { audit?: boolean; packets?: boolean }, cmd: Command) => {
      const both = !opts.audit && !opts.packets;
      const lines = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        const out: { ok: boolean; line: string }[] = [];
        if (both || opts.audit) out.push(auditLine(await verifyAuditChain(db.db)));
        if (both || opts.packets) out.push(packetsLine(await verifyRawPacketChain(db.db)));
        return out;
      });
      for (const { line } of lines) process.stdout.write(`${line}\n`);
      if (lines.some((l) => !l.ok)) process.exitCode = 1;
    });

  addFormatOption(
    audit.command('list').description('newest entries first').option('--limit <n>', 'how many', '50'),
  ).action(async (opts: { limit: string; format: string }, cmd: Command) => {
    const rows = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
      listAudit(db.db, Number(opts.limit)),
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
  return v.ok
    ? {
        ok: true,
        line: `原始报文链完整 raw packet chain intact: ${v.count} packets, head ${v.lastHash.slice(0, 16)}…${unchained}`,
      }
    : {
        ok: false,
        line:
          `原始报文链被破坏 raw packet chain BROKEN at packet ${v.firstBroken.id}: ${v.firstBroken.reason} ` +
          `(${v.count} packets before it verified${unchained})`,
      };
}
