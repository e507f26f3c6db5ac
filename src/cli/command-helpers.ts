import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { describeIssues, outputFormat } from '#contract/common.ts';
import { dateOf, periodRange } from '#rules/time/calendar.ts';
import { UserError } from '#services/errors.ts';
import { type OutputFormat, type Printable, render } from './output.ts';

export function addFormatOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--format <format>', '输出格式 / output format')
      .choices(['json', 'table', 'csv'])
      .default('table'),
  );
}

/** Validates CLI input with the same schema the HTTP API uses; a failure is a user error (exit 2). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new UserError('bad_arguments', describeIssues(result.error));
  return result.data;
}

export function print(data: Printable, format: unknown): void {
  const f: OutputFormat = outputFormat.parse(format ?? 'table');
  process.stdout.write(render(data, f));
}

/** --period (2025, 2025-06, 2025Q2, ytd, mtd) or --from/--to; "today" is the Asia/Shanghai date. */
export function periodOf(opts: Record<string, unknown>, now = Date.now()): { from?: unknown; to?: unknown } {
  if (typeof opts.period !== 'string') return { from: opts.from, to: opts.to };
  if (opts.from !== undefined || opts.to !== undefined) {
    throw new UserError(
      'bad_arguments',
      '--period 与 --from/--to 不能同时使用 / use --period or --from/--to, not both',
    );
  }
  const range = periodRange(opts.period, dateOf(now));
  if (!range) {
    throw new UserError(
      'bad_arguments',
      `无法识别的时段 / unknown period "${opts.period}": use 2025, 2025-06, 2025Q2, ytd or mtd`,
    );
  }
  return range;
}
