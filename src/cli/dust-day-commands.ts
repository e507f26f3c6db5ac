import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { dustDayKind } from '#contract/admin-data.ts';
import { isoDate } from '#contract/common.ts';
import { addFormatOption, parseWith, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';

export function registerDustDayCommands(air: Command): void {
  addFormatOption(
    air
      .command('dust-days')
      .description(
        '沙尘天/异常日 sand-dust and exceptional days: list, mark (--add), unmark (--remove) or import a CSV file ' +
          '(--import); changes are audited',
      )
      .option('--add <YYYY-MM-DD>', 'mark a day as sand-dust affected')
      .option('--remove <YYYY-MM-DD>', 'remove the mark')
      .option(
        '--import <file.csv>',
        'import days from a CSV file with header date,kind,notice_ref[,note] (or 日期,类型,文号,说明); ' +
          'all or nothing: bad lines are reported by number',
      )
      .option('--note <text>', 'why (e.g. the dust process)')
      .option('--notice <文号>', "the notice's reference that declares the day")
      .option('--kind <kind>', 'sand_dust (沙尘天气) | exceptional (异常日)', 'sand_dust')
      .option('--by <name>', 'who makes the change (default: the OS user)')
      .option('--from <YYYY-MM-DD>', 'list from')
      .option('--to <YYYY-MM-DD>', 'list to'),
  ).action(async (opts: Record<string, string | undefined>, cmd: Command) => {
    const actor = opts.by ?? userInfo().username;
    // Read before the database opens: a missing file is the user's mistake, not the database's.
    const csv = opts.import ? await readCsv(opts.import) : undefined;
    const rows = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
      // Loaded here, not at registration: `air dust-days --help` loads no database code (issue 12).
      const { dustDays, markDustDay, unmarkDustDay } = await import('#services/dust-days.service.ts');
      if (csv !== undefined && opts.import) {
        const { importDustDays } = await import('#services/dust-days-import.service.ts');
        const done = await importDustDays(db, csv, { actor, origin: 'cli', file: opts.import });
        process.stderr.write(
          `已导入 ${done.imported} 天 / imported ${done.imported} day(s) from ${opts.import}\n`,
        );
      }
      if (opts.add)
        await markDustDay(
          db,
          parseWith(isoDate, opts.add),
          opts.note ?? null,
          { actor, origin: 'cli' },
          { kind: parseWith(dustDayKind, opts.kind), noticeRef: opts.notice ?? null },
        );
      if (opts.remove) await unmarkDustDay(db, parseWith(isoDate, opts.remove), { actor, origin: 'cli' });
      return dustDays(db, {
        ...(opts.from ? { from: parseWith(isoDate, opts.from) } : {}),
        ...(opts.to ? { to: parseWith(isoDate, opts.to) } : {}),
      });
    });
    const view = rows.map((r) => ({
      日期: r.date,
      类型: r.kind === 'exceptional' ? '异常日' : '沙尘天气',
      文号: r.notice_ref,
      说明: r.note,
      标记人: r.created_by,
    }));
    print({ json: rows, rows: view, title: `沙尘天 ${rows.length} 天` }, opts.format);
  });
}

async function readCsv(path: string): Promise<string> {
  const { UserError } = await import('#services/errors.ts');
  try {
    // Bounded cost: the size is checked before the file is read (dust-days-import.service.ts MAX_IMPORT_BYTES).
    if ((await stat(path)).size > 1_000_000) {
      throw new UserError('too_large', `文件过大 / ${path} is larger than 1,000,000 bytes`);
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('no_file', `无法读取文件 / cannot read ${path}: ${(error as Error).message}`, 404);
  }
}
