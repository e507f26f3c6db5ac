import type { Command } from 'commander';
import { listAudit, verifyAuditChain } from '#store/audit-log.repository.ts';
import { addFormatOption, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计 audit trail: who changed what, hash-chained');

  audit
    .command('verify')
    .description('re-compute the hash chain; names the first altered, removed or reordered entry (exit 1)')
    .action(async (_opts: unknown, cmd: Command) => {
      const verdict = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) => verifyAuditChain(db.db));
      if (verdict.ok) {
        process.stdout.write(
          `审计链完整 audit chain intact: ${verdict.count} entries, head ${verdict.lastHash.slice(0, 16)}…\n`,
        );
      } else {
        process.stdout.write(
          `审计链被破坏 audit chain BROKEN at entry ${verdict.firstBroken.id}: ${verdict.firstBroken.reason} ` +
            `(${verdict.count} entries before it verified)\n`,
        );
        process.exitCode = 1;
      }
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
