import { Command, CommanderError, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { bilingualParserError } from './parser-messages.ts';

/** What commander itself writes for `args` (its own words, so a commander upgrade that rewords one shows here). */
function commanderSays(args: string[]): string {
  let written = '';
  const program = new Command('qingshan')
    .configureOutput({ outputError: (text) => (written += text), writeErr: () => {}, writeOut: () => {} })
    .exitOverride()
    .option('--db <path>');
  program
    .command('sites')
    .option('--format <f>')
    .action(() => {});
  program
    .command('import')
    .argument('<files...>')
    .requiredOption('--kind <kind>')
    .action(() => {});
  program
    .command('aqi')
    .addOption(new Option('--mode <m>').choices(['a', 'b']))
    .action(() => {});
  try {
    program.parse(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
  }
  return written;
}

describe('commander errors in 中文 / English', () => {
  it.each([
    [['--bogus'], "未知选项 '--bogus' / unknown option '--bogus'"],
    [['--dbb'], "未知选项 '--dbb'（是否想用 --db？）/ unknown option '--dbb' (did you mean --db?)"],
    [['nosuch'], "未知命令 'nosuch' / unknown command 'nosuch'"],
    [['import', '--kind', 'air'], "缺少必需的参数 'files' / missing required argument 'files'"],
    [['import', 'a.csv'], "必须给出选项 '--kind <kind>' / required option '--kind <kind>' not specified"],
    [['sites', '--format'], "选项 '--format <f>' 缺少取值 / option '--format <f>' argument missing"],
    [
      ['sites', 'x', 'y'],
      "参数过多（'sites'）：应为 0 个，收到 2 个 / too many arguments for 'sites'. Expected 0 arguments but got 2.",
    ],
    [
      ['aqi', '--mode', 'c'],
      "选项 '--mode <m>' 的取值 'c' 无效，可选：a, b / option '--mode <m>' argument 'c' is invalid. Allowed choices are a, b.",
    ],
  ])('%j', (args, expected) => {
    expect(bilingualParserError(commanderSays(args))).toBe(expected);
  });

  it('a conflict names options and environment variables in Chinese', () => {
    expect(bilingualParserError("error: option '--a' cannot be used with environment variable 'B'")).toBe(
      "选项 '--a' 与 环境变量 'B' 不能同时使用 / option '--a' cannot be used with environment variable 'B'",
    );
  });

  it('a message it does not know still leads with Chinese', () => {
    expect(bilingualParserError('error: something new\n')).toBe('命令行参数有误 / something new');
  });
});
