import type { Command } from 'commander';

/**
 * The CLI's top-level commands, and which module registers each. main.ts loads only the modules of the command
 * being run, so `--version`, `--help` and every command but one never load the rest (the database layer above all:
 * better-sqlite3, pg, Kysely, the services). The modules themselves load their services and the store inside their
 * actions, never at registration, so a sub-command's `--help` (`air report --help`) loads no database code either
 * (startup.test.ts walks every command path under an import hook that fails on the database layer). The names and descriptions here are what the root help lists;
 * command-index.test.ts checks them against what each module registers, so the two cannot drift apart.
 */
export interface CommandModule {
  /** Top-level command name → its one-line description (as the module gives it). */
  names: Readonly<Record<string, string>>;
  load: () => Promise<(program: Command) => void>;
}

const HJ212 = 'HJ 212 数据传输 (receiver, codec, simulator)';

export const COMMAND_MODULES: readonly CommandModule[] = [
  {
    names: { air: '空气质量 air quality: AQI, reports, daily table, targets' },
    load: async () => (await import('./air-commands.ts')).registerAirCommands,
  },
  {
    names: { import: '导入 import monitoring data from files' },
    load: async () => (await import('./import-commands.ts')).registerImportCommands,
  },
  {
    names: { sites: '监测站点 monitoring sites', places: '辖区与部门 district, townships and departments' },
    load: async () => (await import('./site-commands.ts')).registerSiteCommands,
  },
  {
    names: {
      serve:
        '运行平台 / run the platform: HTTP API, HJ 212 receiver (TCP), and the live demo unless --no-demo',
    },
    load: async () => (await import('./serve-command.ts')).registerServeCommand,
  },
  {
    names: { devices: 'HJ 212 设备登记 device registry (数采仪 MN → site)', hj212: HJ212 },
    load: async () => (await import('./device-commands.ts')).registerDeviceCommands,
  },
  {
    names: { hj212: HJ212 },
    load: async () => (await import('./hj212-commands.ts')).registerHj212Commands,
  },
  {
    names: {
      simulate:
        '模拟数采仪 / virtual HJ 212 data loggers of the demo (SAMPLE stations and enterprises) sending to a receiver',
    },
    load: async () => (await import('./simulate-command.ts')).registerSimulateCommand,
  },
  {
    names: { audit: '审计 audit trail: who changed what, hash-chained' },
    load: async () => (await import('./audit-commands.ts')).registerAuditCommands,
  },
  {
    names: {
      users: '用户 accounts: users, roles, passwords',
      tokens: 'API 令牌 tokens for integrations and scripts (Bearer)',
    },
    load: async () => (await import('./user-commands.ts')).registerUserCommands,
  },
  {
    names: { jobs: '后台任务 durable jobs and timers: list, retry, cancel, ping' },
    load: async () => (await import('./job-commands.ts')).registerJobCommands,
  },
  {
    names: {
      sample: '随机抽查 / Rivest SHA-256 sampler: a draw anyone can recompute from its seed (spot-checks)',
    },
    load: async () => (await import('./sample-commands.ts')).registerSampleCommands,
  },
  {
    names: {
      calendar: '工作日历 working-day calendar: due dates on working days (节假日、调休) or calendar days',
    },
    load: async () => (await import('./calendar-commands.ts')).registerCalendarCommands,
  },
];

/** Global options that take a value (`--db x`), so the value is not mistaken for the command. */
const VALUE_OPTIONS = new Set(['--db', '--config']);

/**
 * The top-level command `argv` (without node and script) asks for: the first word that is not an option or an
 * option's value; for `help <command>`, that command. Undefined for `--version`, `--help` or no command at all.
 */
export function commandNameOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (arg === '--') return args[i + 1];
    else if (!arg.startsWith('-'))
      return arg === 'help' ? args.slice(i + 1).find((a) => !a.startsWith('-')) : arg;
  }
  return undefined;
}

/**
 * Registers the modules `name` needs in full, and every other top-level command as a name and description only
 * (enough for the root help and for commander's "did you mean" on a typo).
 */
export async function registerCommandsFor(program: Command, name: string | undefined): Promise<void> {
  for (const module of COMMAND_MODULES) {
    if (name !== undefined && name in module.names) (await module.load())(program);
  }
  for (const module of COMMAND_MODULES) {
    for (const [stub, description] of Object.entries(module.names)) {
      if (!program.commands.some((c) => c.name() === stub)) program.command(stub).description(description);
    }
  }
}
