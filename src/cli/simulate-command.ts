/**
 * `qingshan simulate`: the demo's virtual data loggers (SAMPLE stations and enterprises) sending HJ 212 to a
 * receiver, optionally faster than real time and with a scripted scenario; prints counts as it goes.
 */
import { type Command, Option } from 'commander';
import { UserError } from '#services/errors.ts';
import { createLogger } from '#services/logger.ts';
import type { demoLoggers } from '../simulator/demo-loggers.ts';
// Only what registering the command needs, straight from its file: the demo loggers and their sites (and the
// database code behind them) load when the command runs, so `simulate --help` loads none of it (issue 12).
import { describePlan, SCENARIO_NAMES, ScenarioError, type ScenarioName } from '../simulator/scenarios.ts';
import type { SimulatorStats, startSimulator } from '../simulator/simulator.ts';
import { configFrom, type GlobalOptions, withNewOrExistingDb } from './context.ts';

/** `30s`, `5m`, `2h`, `500ms` or plain seconds → ms. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m)
    throw new UserError(
      'bad_arguments',
      `${what}: 无法识别的时长 / not a duration "${text}" (e.g. 30s, 5m, 2h)`,
    );
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** `host:port` → parts. */
export function parseTarget(text: string, what = '--to'): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || !(port > 0 && port < 65536)) {
    throw new UserError('bad_arguments', `${what}: 需要 host:port / expected host:port, got "${text}"`);
  }
  return { host: (m[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
}

/** A time: ISO 8601, or `YYYY-MM-DD[THH:mm[:ss]]` read as Beijing time (+08:00) when it has no zone. */
export function parseSimTime(text: string, what: string): number {
  let t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) t += '+08:00';
  const ms = Date.parse(t);
  if (Number.isNaN(ms))
    throw new UserError('bad_arguments', `${what}: 无法识别的时间 / not a time "${text}"`);
  return ms;
}

function beijing(t: number): string {
  return `${new Date(t + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} +08`;
}

/** One progress line: simulated time and the counters. */
export function progressLine(s: SimulatorStats): string {
  const byCn = Object.entries(s.byCn)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cn, n]) => `${cn}:${n}`)
    .join(' ');
  return (
    `[${beijing(s.simTime)}] sent ${s.sent}${byCn ? ` (${byCn})` : ''} acked ${s.acked} re-sent ${s.retransmitted} ` +
    `given-up ${s.failed} dropped ${s.dropped} pending ${s.pending} connected ${s.connected}/${s.loggers}` +
    (s.failovers > 0 ? ` failovers ${s.failovers}` : '')
  );
}

/**
 * The receivers in order of preference: `--to` (the old single address) first, then each `--receiver`; none
 * given = 127.0.0.1 and the configured tcpPort.
 */
export function receiverTargets(
  to: string | undefined,
  receivers: readonly string[],
  defaultPort: () => number,
): { host: string; port: number }[] {
  const targets = [
    ...(to !== undefined ? [parseTarget(to)] : []),
    ...receivers.map((r) => parseTarget(r, '--receiver')),
  ];
  return targets.length > 0 ? targets : [{ host: '127.0.0.1', port: defaultPort() }];
}

interface SimulateOptions {
  to?: string;
  receiver: string[];
  primaryRetry: string;
  sites?: string;
  speed: string;
  scenario?: ScenarioName;
  scenarioTarget?: string;
  scenarioAt?: string;
  scenarioHours?: string;
  start?: string;
  duration?: string;
  seed: string;
  hj212Version: '2017' | '2025';
  minuteData: boolean;
  reportEvery: string;
  ackTimeout: string;
  registerDevices?: boolean;
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      '模拟数采仪 / virtual HJ 212 data loggers of the demo (SAMPLE stations and enterprises) sending to a receiver',
    )
    .option('--to <host:port>', 'receiver address (default 127.0.0.1 and the configured tcpPort, 8212)')
    .option(
      '--receiver <host:port>',
      'a receiver address; repeat for backups, in order of preference: each logger fails over to the next ' +
        'when one refuses, drops or stops answering, and re-sends what was not answered (after --to, if given)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--primary-retry <time>',
      'on a backup, try the first address again after this long (0 = stay on the backup)',
      '10m',
    )
    .option(
      '--sites <codes>',
      'only these sites, e.g. QB-T01,QB-E01 (default: every sample station and outlet, QB-T*, QB-C*, QB-E*)',
    )
    .option('--speed <n>', 'simulated seconds per real second (60 = an hour of data a minute)', '1')
    .addOption(new Option('--scenario <name>', 'a scripted scenario').choices([...SCENARIO_NAMES]))
    .option(
      '--scenario-target <site>',
      'site code (or MN) the scenario happens to (default: its usual demo site)',
    )
    .option('--scenario-at <time>', 'scenario start (simulated; default the first full hour after the start)')
    .option('--scenario-hours <n>', 'scenario length in hours (default per scenario)')
    .option('--start <time>', 'simulated start time, e.g. 2025-01-15T08:00 (Beijing) (default now)')
    .option('--duration <time>', 'stop after this long (real time), e.g. 30s, 5m (default: until Ctrl-C)')
    .option('--seed <n>', 'varies noise and faults (not the air stations’ hourly values)', '0')
    .addOption(
      new Option('--hj212-version <v>', 'protocol revision the loggers speak')
        .choices(['2017', '2025'])
        .default('2017'),
    )
    .option('--no-minute-data', 'do not send 2051 minute data')
    .option('--report-every <time>', 'print counts this often (real time)', '10s')
    .option(
      '--ack-timeout <time>',
      'wait this long for each 9014 answer before re-sending (表1: 10 s)',
      '10s',
    )
    .option('--register-devices', 'first register the demo devices in the database (--db) the receiver uses')
    .action(async (opts: SimulateOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      const targets = receiverTargets(opts.to, opts.receiver, () => configFrom(global).tcpPort);
      const primaryRetryMs =
        opts.primaryRetry.trim() === '0' ? 0 : parseDuration(opts.primaryRetry, '--primary-retry');
      const speed = Number(opts.speed);
      if (!(speed > 0 && Number.isFinite(speed))) {
        throw new UserError(
          'bad_arguments',
          `--speed 应为正数 / --speed must be a positive number, not "${opts.speed}"`,
        );
      }
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed))
        throw new UserError(
          'bad_arguments',
          `--seed 应为整数 / --seed must be an integer, not "${opts.seed}"`,
        );
      const scenarioHours = opts.scenarioHours === undefined ? undefined : Number(opts.scenarioHours);
      if (scenarioHours !== undefined && !(Number.isInteger(scenarioHours) && scenarioHours > 0)) {
        throw new UserError(
          'bad_arguments',
          `--scenario-hours 应为整小时数 / --scenario-hours must be a whole number of hours, not "${opts.scenarioHours}"`,
        );
      }
      const durationMs = opts.duration === undefined ? undefined : parseDuration(opts.duration, '--duration');
      const reportMs = parseDuration(opts.reportEvery, '--report-every');
      const ackTimeoutMs = parseDuration(opts.ackTimeout, '--ack-timeout');
      const [{ demoLoggers, UnknownSiteError }, { startSimulator }] = await Promise.all([
        import('../simulator/demo-loggers.ts'),
        import('../simulator/simulator.ts'),
      ]);
      let loggers: ReturnType<typeof demoLoggers>;
      try {
        loggers = demoLoggers({
          ...(opts.sites !== undefined
            ? {
                sites: opts.sites
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : {}),
          version: opts.hj212Version,
          minuteData: opts.minuteData,
        });
      } catch (err) {
        if (err instanceof UnknownSiteError)
          throw new UserError('bad_arguments', `没有此演示设备 / ${err.message}`);
        throw err;
      }
      if (opts.registerDevices) {
        const n = await withNewOrExistingDb(global, async (db) =>
          (await import('../demo/demo-devices.ts')).registerDemoDevices(db.db),
        );
        process.stdout.write(`registered ${n.devices} demo devices on ${n.sites} sample sites\n`);
      }
      const config = configFrom(global);
      const log = createLogger(config.logLevel, 'simulate');
      let sim: ReturnType<typeof startSimulator>;
      try {
        sim = startSimulator({
          to: targets,
          primaryRetryMs,
          loggers,
          speed,
          seed,
          log,
          ackTimeoutMs,
          ...(opts.start !== undefined ? { start: parseSimTime(opts.start, '--start') } : {}),
          ...(opts.scenario !== undefined ? { scenario: opts.scenario } : {}),
          scenarioOptions: {
            ...(opts.scenarioTarget !== undefined ? { target: opts.scenarioTarget } : {}),
            ...(opts.scenarioAt !== undefined
              ? { start: parseSimTime(opts.scenarioAt, '--scenario-at') }
              : {}),
            ...(scenarioHours !== undefined ? { hours: scenarioHours } : {}),
          },
        });
      } catch (err) {
        if (err instanceof ScenarioError)
          throw new UserError('bad_arguments', `场景无法运行 / ${err.message}`);
        throw err;
      }
      process.stdout.write(
        `simulating ${loggers.length} logger(s) → ${targets.map((t) => `${t.host}:${t.port}`).join(', ')} at ${speed}× from ${beijing(sim.simStart)}\n`,
      );
      if (sim.scenario) process.stdout.write(`scenario: ${describePlan(sim.scenario)}\n`);
      const report = setInterval(() => process.stdout.write(`${progressLine(sim.stats())}\n`), reportMs);
      await new Promise<void>((resolve) => {
        const finish = () => {
          if (timer) clearTimeout(timer);
          process.off('SIGINT', finish);
          process.off('SIGTERM', finish);
          resolve();
        };
        const timer = durationMs === undefined ? undefined : setTimeout(finish, durationMs);
        process.once('SIGINT', finish);
        process.once('SIGTERM', finish);
      });
      clearInterval(report);
      await sim.stop({ drainMs: Math.min(ackTimeoutMs, 5_000) });
      process.stdout.write(`done ${progressLine(sim.stats())}\n`);
    });
}
