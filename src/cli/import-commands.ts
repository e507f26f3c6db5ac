import type { Command } from 'commander';
import { plausibilityPolicies } from '#config/plausibility.ts';
import { UserError } from '#services/errors.ts';
import type { AirFormatName } from '../import/import-air-files.ts';
import { configFrom, type GlobalOptions, withNewOrExistingDb } from './context.ts';
import { render } from './output.ts';

/**
 * The input formats by name (import-air-files.ts has the parsers; this list keeps `import --help` from loading
 * them and the database layer with them, issue 12). A Record, so a format added there must be named here.
 */
const AIR_FORMATS: Record<AirFormatName, true> = { qingshan: true, prsa: true };

export function registerImportCommands(program: Command): void {
  const imp = program.command('import').description('导入 import monitoring data from files');
  imp
    .command('air')
    .description('hourly air-station data; bad rows are reported by file and line, the rest is imported')
    .argument('<files...>', 'CSV files')
    .option(
      '--format <format>',
      `input format: ${Object.keys(AIR_FORMATS).join(' | ')} (see docs/data-formats.md)`,
      'qingshan',
    )
    .option('--json', 'print the import summary as JSON')
    .action(async (files: string[], opts: { format: string; json?: boolean }, cmd: Command) => {
      if (!(opts.format in AIR_FORMATS)) {
        throw new UserError(
          'bad_format',
          `未知格式 / unknown format "${opts.format}": use ${Object.keys(AIR_FORMATS).join(' or ')}`,
        );
      }
      const showProgress = process.stderr.isTTY === true;
      let lastPercent = -1;
      const { importAirFiles } = await import('../import/import-air-files.ts');
      const result = await withNewOrExistingDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
        importAirFiles(db.db, files, {
          format: opts.format as AirFormatName,
          plausibility: plausibilityPolicies(configFrom(cmd.optsWithGlobals<GlobalOptions>()).plausibility)
            .base,
          onProgress: (p) => {
            const percent = p.totalBytes ? Math.floor((p.bytesDone / p.totalBytes) * 100) : 0;
            if (showProgress && percent !== lastPercent) {
              lastPercent = percent;
              process.stderr.write(
                `\r导入中 importing ${percent}% (${p.fileIndex + 1}/${p.fileCount} ${p.file})`,
              );
            }
          },
        }),
      );
      if (showProgress) process.stderr.write('\n');
      const rows = result.files.map((f) => ({
        文件: f.file,
        状态: f.status,
        行数: f.rows,
        数值: f.values,
        错误: f.errorCount,
        新站点: f.createdSites,
      }));
      process.stdout.write(
        render(
          {
            json: result,
            rows,
            title: `导入 ${result.totalValues} 个数值，${result.totalErrors} 个错误，${result.ms.toFixed(0)} ms`,
          },
          opts.json ? 'json' : 'table',
        ),
      );
      if (!opts.json) {
        for (const f of result.files) {
          for (const e of f.errors) process.stderr.write(`${f.file}:${e.line}: ${e.reason}\n`);
          if (f.errorCount > f.errors.length)
            process.stderr.write(`${f.file}: … ${f.errorCount - f.errors.length} more errors\n`);
        }
      }
      if (result.files.some((f) => f.status === 'failed')) process.exitCode = 1;
    });
}
