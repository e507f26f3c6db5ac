import { Command, CommanderError } from 'commander';
import { UserError } from '#services/errors.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { commandNameOf, registerCommandsFor } from './command-index.ts';
import { bilingualParserError } from './parser-messages.ts';

/**
 * The program with the modules of the command `argv` runs (all top-level commands are listed in the help; see
 * command-index.ts). Without `argv`, every command is registered in full.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('qingshan')
    .description('青山 Qingshan — ecological-environment supervision platform (淇滨区)')
    .version(packageJson.version, '-V, --version', '版本 / print the version')
    .option(
      '--db <path-or-url>',
      '数据库：SQLite 文件或 postgres:// URL / database: a SQLite path or a postgres:// URL (env QINGSHAN_DB)',
    )
    .option('--config <file>', '配置文件（JSON）/ JSON config file (env QINGSHAN_CONFIG)')
    .helpOption('-h, --help', '显示帮助 / display help for command')
    .helpCommand('help [command]', '显示命令的帮助 / display help for command')
    // Set before the subcommands are added, so each inherits it: parser errors in 中文 / English like the rest.
    .configureOutput({ outputError: (text, write) => write(`qingshan: ${bilingualParserError(text)}\n`) })
    .showHelpAfterError()
    .exitOverride();
  if (argv === undefined) {
    const { COMMAND_MODULES } = await import('./command-index.ts');
    for (const module of COMMAND_MODULES) (await module.load())(program);
  } else {
    await registerCommandsFor(program, commandNameOf(argv.slice(2)));
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage or input error). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // A command that needs a subcommand, given none: commander printed the usage; say why it stopped.
      if (err.code === 'commander.help' && err.exitCode !== 0) {
        process.stderr.write('qingshan: 缺少子命令，见上面的用法 / missing command: see the usage above\n');
      }
      return err.exitCode === 0 ? 0 : 2;
    }
    // Loaded only on this path: config (and zod with it) is not needed to print a version or the help.
    const { ConfigError } = await import('#config/config.ts');
    if (err instanceof UserError || err instanceof ConfigError) {
      process.stderr.write(`qingshan: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`qingshan: 意外错误 / unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
