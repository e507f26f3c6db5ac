import { type Command, Option } from 'commander';
// The role list only (zod, no database code): `serve --help` stays light (issue 12).
import { NODE_ROLES, type NodeRole } from '#contract/health.ts';
import { configFrom, type GlobalOptions } from './context.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      '运行平台 / run the platform: HTTP API, HJ 212 receiver (TCP), and the live demo unless --no-demo',
    )
    .addOption(
      new Option(
        '--role <role>',
        'what this node runs (env QINGSHAN_NODE_ROLE, default all): all; api = HTTP API and web; receiver = ' +
          'HJ 212 (HTTP: /api/health only); worker = background work (HTTP: /api/health only)',
      ).choices([...NODE_ROLES]),
    )
    .option(
      '--node-id <id>',
      'this node’s name in a deployment of several (env QINGSHAN_NODE_ID, default host name:HTTP port)',
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
        opts: {
          httpPort?: string;
          tcpPort?: string;
          demo: boolean;
          simulator: boolean;
          role?: NodeRole;
          nodeId?: string;
        },
        cmd: Command,
      ) => {
        const global = cmd.optsWithGlobals<GlobalOptions>();
        const config = configFrom(global, {
          ...(opts.httpPort !== undefined ? { httpPort: Number(opts.httpPort) } : {}),
          ...(opts.tcpPort !== undefined ? { tcpPort: Number(opts.tcpPort) } : {}),
          ...(opts.demo === false ? { demo: false } : {}),
          ...(opts.simulator === false ? { demoSimulator: false } : {}),
          ...(opts.role !== undefined || opts.nodeId !== undefined
            ? {
                node: {
                  ...(opts.role !== undefined ? { role: opts.role } : {}),
                  ...(opts.nodeId !== undefined ? { id: opts.nodeId } : {}),
                },
              }
            : {}),
        });
        // Loaded here, not at registration: `serve --help` loads no database code (issue 12).
        const { startPlatform } = await import('../server/start.ts');
        const platform = await startPlatform(config);
        const tcp = platform.receiverIfAny;
        const api = platform.role === 'all' || platform.role === 'api';
        process.stdout.write(
          `青山 Qingshan is running\n` +
            `  node     ${platform.nodeId} (role ${platform.role})\n` +
            (api
              ? `  Dashboard ${platform.url}/\n` +
                `  API      ${platform.url}/api/  (health: ${platform.url}/api/health)\n` +
                `  OpenAPI  ${platform.url}/api/openapi.json\n`
              : `  health   ${platform.url}/api/health\n`) +
            (tcp ? `  HJ 212   tcp://${tcp.host}:${tcp.port}\n` : '') +
            `  demo     ${demoLine(config.demo, config.demoSimulator, platform.role)}\n`,
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

function demoLine(demo: boolean, simulator: boolean, role: NodeRole): string {
  if (!demo) return 'off';
  // Split roles share the demo: the API node seeds it, the receiver node plays its loggers.
  if (role === 'worker') return 'on (nothing to do on a worker)';
  if (role === 'receiver')
    return simulator ? 'on: the sample data loggers send to this receiver' : 'on (seeded by the api node)';
  if (role === 'api')
    return simulator
      ? 'on: sample stations with a year of modelled history; live values come from a receiver node'
      : 'on: sample stations with a year of modelled history; a new value each hour';
  return simulator
    ? 'on: sample stations with a year of modelled history; sample data loggers send live over HJ 212'
    : 'on: sample stations with a year of modelled history; a new value each hour';
}
