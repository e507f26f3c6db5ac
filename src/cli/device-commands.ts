import type { Command } from 'commander';
import { deviceAddInput } from '#contract/devices.ts';
import { UserError } from '#services/errors.ts';
import { addFormatOption, parseWith, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The registry's database side, loaded when a command runs: `devices --help` loads none of it (issue 12). */
async function store() {
  const [devices, parameters, sites, views] = await Promise.all([
    import('#store/devices.repository.ts'),
    import('#store/parameters.repository.ts'),
    import('#store/sites.repository.ts'),
    import('../receiver/device-views.ts'),
  ]);
  return { ...devices, ...parameters, ...sites, ...views };
}

/**
 * The `hj212` command group, created once and shared: `hj212 quarantine` here, `hj212 decode/encode` and
 * `simulate` elsewhere add their sub-commands to the same group.
 */
export function hj212Command(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'hj212') ??
    program.command('hj212').description('HJ 212 数据传输 (receiver, codec, simulator)')
  );
}

export function registerDeviceCommands(program: Command): void {
  const devices = program
    .command('devices')
    .description('HJ 212 设备登记 device registry (数采仪 MN → site)');

  addFormatOption(
    devices.command('list').description('registered devices (passwords are never shown)'),
  ).action(async (opts: { format: string }, cmd: Command) => {
    const list = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
      (await store()).deviceList(db.db),
    );
    const rows = list.map((d) => ({
      MN: d.mn,
      站点: d.siteCode ?? d.siteId,
      名称: d.name,
      CRC: d.crcPolicy,
      周期s: d.expectedIntervalS,
      离线次数: d.offlineAfterMissed,
      启用: d.enabled ? '是' : '否',
      因子: d.factors.map((f) => `${f.factor}=${f.parameter}${f.scale === 1 ? '' : `*${f.scale}`}`).join(' '),
    }));
    print({ json: list, rows, title: `设备 ${list.length} 台` }, opts.format);
  });

  devices
    .command('add')
    .description('register or replace a device and its factor mapping')
    .requiredOption('--mn <MN>', 'device MN (设备唯一标识)')
    .requiredOption('--site <code>', 'site code the device reports for (see `qingshan sites`)')
    .requiredOption('--password <PW>', 'HJ 212 PW the device sends')
    .option('--name <name>', 'a name for operators')
    .option('--crc-policy <policy>', 'strict | standard | modbus | none', 'standard')
    .option('--interval <s>', 'expected seconds between data packets', '3600')
    .option('--offline-after <n>', 'offline after this many missed intervals', '3')
    .option('--sm4-key <hex>', 'HJ 212-2025 SM4 key (32 hex digits) for encrypted CP')
    .option('--disabled', 'registered but its packets are quarantined')
    .option(
      '--factor <code=PARAMETER[*scale]>',
      'factor mapping, repeatable: a34004=PM2.5 a21005=CO',
      collect,
      [],
    )
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const input = parseWith(deviceAddInput, {
        mn: opts.mn,
        site: opts.site,
        name: opts.name,
        password: opts.password,
        crcPolicy: opts.crcPolicy,
        interval: opts.interval,
        offlineAfterMissed: opts.offlineAfter,
        sm4Key: opts.sm4Key,
        disabled: opts.disabled === true,
        factors: opts.factor,
      });
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        const { findSiteByCode, listParameters, upsertDevice } = await store();
        const site = await findSiteByCode(db.db, input.site);
        if (!site) throw new UserError('unknown_site', `没有此站点 / no such site: ${input.site}`, 404);
        const known = new Set((await listParameters(db.db)).map((p) => p.code));
        const unknown = input.factors.filter((f) => !known.has(f.parameter)).map((f) => f.parameter);
        if (unknown.length > 0) {
          throw new UserError(
            'unknown_parameter',
            `没有此参数 / unknown parameter(s): ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
          );
        }
        await upsertDevice(db.db, {
          mn: input.mn,
          siteId: site.id,
          name: input.name ?? null,
          password: input.password,
          crcPolicy: input.crcPolicy,
          expectedIntervalS: input.interval,
          offlineAfterMissed: input.offlineAfterMissed,
          sm4Key: input.sm4Key ?? null,
          enabled: !input.disabled,
          factors: input.factors,
        });
        process.stdout.write(
          `device ${input.mn} → site ${site.code} (${site.name}), ${input.factors.length} factor(s); a running receiver picks it up within seconds\n`,
        );
      });
    });

  addFormatOption(
    hj212Command(program)
      .command('quarantine')
      .description('packets kept apart: unknown MN or wrong password (PW masked)')
      .option('--mn <MN>', 'only this MN')
      .option('--limit <n>', 'newest N packets', '100'),
  ).action(async (opts: { format: string; mn?: string; limit: string }, cmd: Command) => {
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UserError('bad_arguments', '--limit 应为正整数 / --limit must be a positive integer');
    const packets = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
      (await store()).quarantineList(db.db, { ...(opts.mn ? { mn: opts.mn } : {}), limit }),
    );
    const rows = packets.map((p) => ({
      时间: new Date(p.receivedAt).toISOString(),
      MN: p.mn,
      CN: p.cn,
      来源: p.peer,
      原因: p.reason,
      报文: p.packet.trimEnd(),
    }));
    print({ json: packets, rows, title: `隔离报文 ${packets.length} 条` }, opts.format);
  });
}
