import type { Command } from 'commander';
import { configFrom, type GlobalOptions } from './context.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      '运行平台 / run the platform: HTTP API, HJ 212 receiver (TCP), and the live demo unless --no-demo',
    )
    .option('--http-port <n>', 'HTTP port (env QINGSHAN_HTTP_PORT, default 8080; 0 = any free port)')
    .option(
      '--tcp-port <n>',
      'HJ 212 receiver TCP port (env QINGSHAN_TCP_PORT, default 8212; 0 = any free port)',
    )
    .option('--no-demo', 'no sample stations, history or live feed')
    .option(
      '--no-simulator',
      'demo without the HJ 212 sample loggers (new hourly values are written directly)',
    )
    .action(
      async (
        opts: { httpPort?: string; tcpPort?: string; demo: boolean; simulator: boolean },
        cmd: Command,
      ) => {
        const global = cmd.optsWithGlobals<GlobalOptions>();
        const config = configFrom(global, {
          ...(opts.httpPort !== undefined ? { httpPort: Number(opts.httpPort) } : {}),
          ...(opts.tcpPort !== undefined ? { tcpPort: Number(opts.tcpPort) } : {}),
          ...(opts.demo === false ? { demo: false } : {}),
          ...(opts.simulator === false ? { demoSimulator: false } : {}),
        });
        // Loaded here, not at registration: `serve --help` loads no database code (issue 12).
        const { startPlatform } = await import('../server/start.ts');
        const platform = await startPlatform(config);
        process.stdout.write(
          `青山 Qingshan is running\n` +
            `  Dashboard ${platform.url}/\n` +
            `  API      ${platform.url}/api/  (health: ${platform.url}/api/health)\n` +
            `  OpenAPI  ${platform.url}/api/openapi.json\n` +
            `  HJ 212   tcp://${platform.receiver.host}:${platform.receiver.port}\n` +
            `  demo     ${demoLine(config.demo, config.demoSimulator)}\n`,
        );
        if (platform.firstAdmin) {
          // Printed here, once, and never logged: the only time anyone sees this password.
          process.stdout.write(
            `  first administrator: ${platform.firstAdmin.username} / ${platform.firstAdmin.password}\n` +
              '  (shown only now: sign in and change it, or `qingshan users password admin --generate`)\n',
          );
        }
        await platform.ready;
        process.stdout.write('ready\n');
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.stdout.write('stopping…\n');
            platform.close().then(resolve, resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      },
    );
}

function demoLine(demo: boolean, simulator: boolean): string {
  if (!demo) return 'off';
  return simulator
    ? 'on: sample stations with a year of modelled history; sample data loggers send live over HJ 212'
    : 'on: sample stations with a year of modelled history; a new value each hour';
}
