import type { Command } from 'commander';
import { z } from 'zod';
import {
  type DeviceSecretsBody,
  deviceCreateBody,
  deviceKeyBody,
  deviceUpdateBody,
} from '#contract/admin-data.ts';
import { factorMapping } from '#contract/devices.ts';
import { UserError } from '#services/errors.ts';
import { CLI_JURISDICTION } from './cli-jurisdiction.ts';
import { addFormatOption, parseWith, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';
import { cliActor } from './user-commands.ts';

/** The registry's services, loaded when a command runs: `devices --help` loads no database code (issue 12). */
const admin = () => import('#services/device-admin.service.ts');
const views = () => import('../receiver/device-views.ts');

const collect = (value: string, previous: string[] = []) => [...previous, value];
const factorList = z.array(factorMapping);

/** New secrets, once, on the terminal only (never in the audit or a log). */
function printSecrets(result: DeviceSecretsBody, generated: boolean): void {
  if (generated) process.stdout.write(`HJ 212 PW（只显示这一次 / shown once）: ${result.password}\n`);
  else process.stdout.write('HJ 212 PW 已设置 / set as given\n');
  if (result.sm4Key) process.stdout.write(`SM4 密钥（只显示这一次 / shown once）: ${result.sm4Key}\n`);
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
      (await views()).deviceList(db.db, CLI_JURISDICTION),
    );
    const rows = list.map((d) => ({
      MN: d.mn,
      站点: d.siteCode ?? d.siteId,
      名称: d.name,
      CRC: d.crcPolicy,
      周期s: d.expectedIntervalS,
      离线次数: d.offlineAfterMissed,
      启用: d.enabled ? '是' : '否',
      须加密: d.encryptionRequired ? '是' : '否',
      角色: d.role === 'backup' ? '备用' : '主',
      因子: d.factors.map((f) => `${f.factor}=${f.parameter}${f.scale === 1 ? '' : `*${f.scale}`}`).join(' '),
    }));
    print({ json: list, rows, title: `设备 ${list.length} 台` }, opts.format);
  });

  devices
    .command('add')
    .description('register a device and its factor mapping (the same service as the web 数采仪管理; audited)')
    .requiredOption('--mn <MN>', 'device MN (设备唯一标识)')
    .requiredOption('--site <code>', 'site code the device reports for (see `qingshan sites`)')
    .option('--password <PW>', 'HJ 212 PW the device sends (default: generated and printed once)')
    .option('--name <name>', 'a name for operators')
    .option('--crc-policy <policy>', 'strict | standard | modbus | none', 'standard')
    .option('--interval <s>', 'expected seconds between data packets', '3600')
    .option('--offline-after <n>', 'offline after this many missed intervals', '3')
    .option('--sm4-key <hex>', 'HJ 212-2025 SM4 key (32 hex digits) for encrypted CP')
    .option('--sm4-generate', 'generate an SM4 key (printed once)')
    .option(
      '--require-encryption',
      'HJ 212-2025 §6.4.4: quarantine unencrypted data packets (CN 2000–2999) from it; needs an SM4 key',
    )
    .option('--disabled', 'registered but its packets are quarantined')
    .option(
      '--role <role>',
      'main | backup: a backup logger (备用数采仪) only fills what the main does not deliver',
      'main',
    )
    .option(
      '--factor <code=PARAMETER[*scale]>',
      'factor mapping, repeatable: a34004=PM2.5 a21005=CO',
      collect,
      [],
    )
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const body = parseWith(deviceCreateBody, {
        mn: opts.mn,
        siteCode: opts.site,
        name: opts.name,
        password: opts.password,
        crcPolicy: opts.crcPolicy,
        expectedIntervalS: Number(opts.interval),
        offlineAfterMissed: Number(opts.offlineAfter),
        sm4: opts.sm4Key ?? (opts.sm4Generate === true ? 'generate' : 'none'),
        encryptionRequired: opts.requireEncryption === true,
        enabled: opts.disabled !== true,
        role: opts.role,
        factors: parseWith(factorList, opts.factor),
      });
      const { result, otherMains } = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) => {
        const result = await (await admin()).registerDevice(db.db, body, {
          ...cliActor(),
          visibleTo: CLI_JURISDICTION,
        });
        const others = (await (await views()).deviceList(db.db, CLI_JURISDICTION)).filter(
          (o) =>
            o.siteCode === result.device.siteCode &&
            o.mn !== result.device.mn &&
            o.enabled &&
            o.role === 'main',
        );
        return { result, otherMains: others.map((o) => o.mn) };
      });
      const d = result.device;
      process.stdout.write(
        `device ${d.mn} → site ${d.siteCode}${d.role === 'backup' ? ' as backup (备用)' : ''}, ${d.factors.length} factor(s); a running receiver picks it up on its next reconciliation or on the MN's first packet (changes through the web or API apply at once)\n`,
      );
      printSecrets(result, body.password === undefined);
      // Two main loggers at one site both feed its values (the later value wins): usually a backup was meant.
      if (d.role === 'main' && otherMains.length > 0)
        process.stderr.write(
          `注意：站点 ${d.siteCode} 已有主数采仪 ${otherMains.join(', ')}；备用数采仪请用 --role backup / note: site ${d.siteCode} already has a main logger (${otherMains.join(', ')}); for a backup analyser use --role backup\n`,
        );
    });

  devices
    .command('edit <mn>')
    .description("change a device's site, name, CRC policy, interval or factor mapping (audited)")
    .option('--site <code>', 'site code')
    .option('--name <name>', 'a name for operators ("" removes it)')
    .option('--crc-policy <policy>', 'strict | standard | modbus | none')
    .option('--interval <s>', 'expected seconds between data packets')
    .option('--offline-after <n>', 'offline after this many missed intervals')
    .option('--role <role>', 'main | backup (备用数采仪: fills only what the main does not deliver)')
    .option('--require-encryption', 'HJ 212-2025 §6.4.4: quarantine its unencrypted data packets (2000–2999)')
    .option('--no-require-encryption', 'accept its unencrypted data packets again')
    .option('--factor <code=PARAMETER[*scale]>', 'the whole new factor mapping, repeatable', collect)
    .action(async (mn: string, opts: Record<string, unknown>, cmd: Command) => {
      const num = (v: unknown) => (v === undefined ? undefined : Number(v));
      const patch = Object.fromEntries(
        Object.entries({
          siteCode: opts.site,
          name: opts.name,
          crcPolicy: opts.crcPolicy,
          expectedIntervalS: num(opts.interval),
          offlineAfterMissed: num(opts.offlineAfter),
          role: opts.role,
          encryptionRequired: opts.requireEncryption,
          factors: opts.factor === undefined ? undefined : parseWith(factorList, opts.factor),
        }).filter(([, v]) => v !== undefined),
      );
      const body = parseWith(deviceUpdateBody, patch);
      const d = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
        (await admin()).updateDevice(db.db, mn, body, { ...cliActor(), visibleTo: CLI_JURISDICTION }),
      );
      process.stdout.write(
        `device ${d.mn} → site ${d.siteCode}, ${d.role === 'backup' ? '备用 backup' : '主 main'}, ${d.factors.length} factor(s)\n`,
      );
    });

  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    devices
      .command(`${name} <mn>`)
      .description(
        enabled
          ? "accept the device's packets again (audited)"
          : "quarantine the device's packets from now on (audited)",
      )
      .action(async (mn: string, _opts: unknown, cmd: Command) => {
        await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
          (await admin()).updateDevice(
            db.db,
            mn,
            { enabled },
            { ...cliActor(), visibleTo: CLI_JURISDICTION },
          ),
        );
        process.stdout.write(`device ${mn} ${enabled ? '已启用 enabled' : '已停用 disabled'}\n`);
      });
  }

  devices
    .command('rotate-key <mn>')
    .description(
      'new HJ 212 PW (and SM4 key) for a device, printed once; the old ones stop working (audited)',
    )
    .option('--password <PW>', 'the new PW (default: generated)')
    .option(
      '--sm4 <keep|none|generate|hex>',
      'SM4 key: keep it, remove it, generate one or set this one',
      'keep',
    )
    .action(async (mn: string, opts: { password?: string; sm4: string }, cmd: Command) => {
      const body = parseWith(deviceKeyBody, { password: opts.password, sm4: opts.sm4 });
      const result = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
        (await admin()).rotateDeviceKey(db.db, mn, body, { ...cliActor(), visibleTo: CLI_JURISDICTION }),
      );
      printSecrets(result, body.password === undefined);
    });

  devices
    .command('remove <mn>')
    .description('remove a device that never sent a packet (one that did: disable it instead) (audited)')
    .action(async (mn: string, _opts: unknown, cmd: Command) => {
      await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
        (await admin()).removeDevice(db.db, mn, { ...cliActor(), visibleTo: CLI_JURISDICTION }),
      );
      process.stdout.write(`device ${mn} 已删除 removed\n`);
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
      (await views()).quarantineList(db.db, CLI_JURISDICTION, { ...(opts.mn ? { mn: opts.mn } : {}), limit }),
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
