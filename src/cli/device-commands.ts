import type { Command } from 'commander';
import { deviceAddInput, deviceUpdateInput } from '#contract/devices.ts';
import { UserError } from '#services/errors.ts';
import { appendAudit } from '#store/audit-log.repository.ts';
import { findDevice, listDevices, updateDevice, upsertDevice } from '#store/devices.repository.ts';
import { listParameters } from '#store/parameters.repository.ts';
import { findSiteByCode } from '#store/sites.repository.ts';
import { deviceList, quarantineList } from '../receiver/device-views.ts';
import { addFormatOption, parseWith, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';
import { cliActor } from './user-commands.ts';

/** What the audit keeps of a device: no password, no SM4 key. */
function auditView(d: {
  siteId: number;
  name?: string | null;
  role?: string;
  enabled?: boolean;
  crcPolicy?: string;
  expectedIntervalS?: number;
}) {
  return {
    siteId: d.siteId,
    name: d.name ?? null,
    role: d.role ?? 'main',
    enabled: d.enabled !== false,
    crcPolicy: d.crcPolicy ?? 'standard',
    expectedIntervalS: d.expectedIntervalS ?? 3600,
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

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
    const list = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) => deviceList(db.db));
    const rows = list.map((d) => ({
      MN: d.mn,
      站点: d.siteCode ?? d.siteId,
      名称: d.name,
      CRC: d.crcPolicy,
      周期s: d.expectedIntervalS,
      离线次数: d.offlineAfterMissed,
      启用: d.enabled ? '是' : '否',
      角色: d.role === 'backup' ? '备用' : '主',
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
      '--role <role>',
      'main | backup: a backup logger (备用数采仪) only fills what the main does not deliver (default: main; an update keeps the role)',
    )
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
        role: opts.role,
        factors: opts.factor,
      });
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
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
        const before = await findDevice(db.db, input.mn);
        const device = {
          mn: input.mn,
          siteId: site.id,
          name: input.name ?? null,
          password: input.password,
          crcPolicy: input.crcPolicy,
          expectedIntervalS: input.interval,
          offlineAfterMissed: input.offlineAfterMissed,
          sm4Key: input.sm4Key ?? null,
          enabled: !input.disabled,
          ...(input.role !== undefined ? { role: input.role } : {}),
          factors: input.factors,
        };
        // Registration and its audit entry in one transaction; secrets (PW, SM4 key) are never in the entry.
        await db.db.transaction().execute(async (trx) => {
          await upsertDevice(trx, device);
          await appendAudit(trx, {
            ...cliActor(),
            action: before ? 'update_device' : 'register_device',
            entity: 'device',
            entityId: input.mn,
            before: before ? auditView(before) : null,
            after: auditView({ ...device, role: device.role ?? before?.role ?? 'main' }),
          });
        });
        process.stdout.write(
          `device ${input.mn} → site ${site.code} (${site.name})${input.role === 'backup' ? ' as backup (备用)' : ''}, ${input.factors.length} factor(s); a running receiver picks it up within seconds\n`,
        );
        // Two main loggers at one site both feed its values (the later value wins): usually a backup was meant.
        const role = device.role ?? before?.role ?? 'main';
        const otherMains = (await listDevices(db.db)).filter(
          (d) => d.siteId === site.id && d.mn !== input.mn && d.enabled && d.role === 'main',
        );
        if (role === 'main' && otherMains.length > 0)
          process.stderr.write(
            `注意：站点 ${site.code} 已有主数采仪 ${otherMains.map((d) => d.mn).join(', ')}；备用数采仪请用 --role backup / note: site ${site.code} already has a main logger (${otherMains.map((d) => d.mn).join(', ')}); for a backup analyser use --role backup\n`,
          );
      });
    });

  devices
    .command('update')
    .description('change a registered device’s role (main | backup), name, or enabled state; audited')
    .requiredOption('--mn <MN>', 'device MN')
    .option('--role <role>', 'main | backup (备用数采仪: fills only what the main does not deliver)')
    .option('--name <name>', 'a name for operators')
    .option('--enable', 'accept its packets again')
    .option('--disable', 'quarantine its packets')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      if (opts.enable === true && opts.disable === true)
        throw new UserError(
          'bad_arguments',
          '--enable 与 --disable 只能选一个 / --enable or --disable, not both',
        );
      const input = parseWith(deviceUpdateInput, {
        mn: opts.mn,
        role: opts.role,
        name: opts.name,
        enabled: opts.enable === true ? true : opts.disable === true ? false : undefined,
      });
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        const { mn, ...patch } = input;
        const changed = await db.db.transaction().execute(async (trx) => {
          const result = await updateDevice(trx, mn, patch);
          if (!result) return undefined;
          await appendAudit(trx, {
            ...cliActor(),
            action: 'update_device',
            entity: 'device',
            entityId: mn,
            before: auditView(result.before),
            after: auditView(result.after),
          });
          return result;
        });
        if (!changed) throw new UserError('unknown_device', `没有此设备 / no such device: ${mn}`, 404);
        const a = changed.after;
        process.stdout.write(
          `device ${mn}: ${a.role === 'backup' ? '备用 backup' : '主 main'}, ${a.enabled ? 'enabled' : 'disabled'}${a.name ? `, ${a.name}` : ''}; a running receiver picks it up within seconds\n`,
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
    const packets = await withDb(cmd.optsWithGlobals<GlobalOptions>(), (db) =>
      quarantineList(db.db, { ...(opts.mn ? { mn: opts.mn } : {}), limit }),
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
