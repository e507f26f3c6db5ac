import { describe, expect, it } from 'vitest';
import { runQingshan } from '../test-support/run-cli.ts';

// The real `qingshan` command: every error is "qingshan: 中文 / English" and exits 2, whether the argument
// parser (commander), the shared validation (zod, src/contract/) or our own code found it. No database is named,
// so none is opened: each of these fails before.

/** The error line (the usage commander prints after it is not part of the message). */
const errorLine = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('qingshan: ')) ?? '';

describe('CLI errors: Chinese first, the English after', () => {
  it('a parser error: an unknown option, with the hint in both languages', async () => {
    const { code, stderr } = await runQingshan(['air', 'report', '--form', '2025-01-01']);
    expect(code).toBe(2);
    expect(errorLine(stderr)).toBe(
      "qingshan: 未知选项 '--form'（是否想用 --from？）/ unknown option '--form' (did you mean --from?)",
    );
  });

  it('a parser error: a choice not offered', async () => {
    const { code, stderr } = await runQingshan(['air', 'targets', '--format', 'xml']);
    expect(code).toBe(2);
    expect(errorLine(stderr)).toBe(
      "qingshan: 选项 '--format <format>' 的取值 'xml' 无效，可选：json, table, csv / " +
        "option '--format <format>' argument 'xml' is invalid. Allowed choices are json, table, csv.",
    );
  });

  it('a validation error: zod messages in Chinese, then the same in English', async () => {
    const { code, stderr } = await runQingshan(['air', 'aqi', '--kind', 'weekly', '--date', '2025-06-01']);
    expect(code).toBe(2);
    expect(errorLine(stderr)).toBe(
      'qingshan: kind：取值无效：应为 "daily"、"hourly" 之一 / kind: Invalid option: expected one of "daily"|"hourly"',
    );
  });

  it('a command without its subcommand says so after the usage', async () => {
    const { code, stderr } = await runQingshan(['air']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: qingshan air');
    expect(errorLine(stderr)).toBe(
      'qingshan: 缺少子命令，见上面的用法 / missing command: see the usage above',
    );
  });
});
