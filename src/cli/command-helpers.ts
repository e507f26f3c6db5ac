import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { describeIssues, outputFormat } from '#contract/common.ts';
import { UserError } from '#services/errors.ts';
import { type OutputFormat, type Printable, render } from './output.ts';

export function addFormatOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('--format <format>', 'output format').choices(['json', 'table', 'csv']).default('table'),
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
