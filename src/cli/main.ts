import { Command, CommanderError } from 'commander';
import { ConfigError } from '#config/config.ts';
import { UserError } from '#services/errors.ts';
import { registerAirCommands } from './air-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { registerDeviceCommands } from './device-commands.ts';
import { registerHj212Commands } from './hj212-commands.ts';
import { registerImportCommands } from './import-commands.ts';
import { bilingualParserError } from './parser-messages.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerSimulateCommand } from './simulate-command.ts';
import { registerSiteCommands } from './site-commands.ts';
import { registerUserCommands } from './user-commands.ts';

export function buildProgram(): Command {
  const program = new Command('qingshan')
    .description('青山 Qingshan — ecological-environment supervision platform (淇滨区)')
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
  registerAirCommands(program);
  registerImportCommands(program);
  registerSiteCommands(program);
  registerServeCommand(program);
  registerDeviceCommands(program);
  registerHj212Commands(program);
  registerSimulateCommand(program);
  registerAuditCommands(program);
  registerUserCommands(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage or input error). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
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
    if (err instanceof UserError || err instanceof ConfigError) {
      process.stderr.write(`qingshan: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`qingshan: 意外错误 / unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
