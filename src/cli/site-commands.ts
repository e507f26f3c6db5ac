import type { Command } from 'commander';
import { siteCreateBody, siteUpdateBody } from '#contract/admin-data.ts';
import { CLI_JURISDICTION } from './cli-jurisdiction.ts';
import { addFormatOption, parseWith, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';
import { cliActor } from './user-commands.ts';

/** The site fields as options, shared by `sites add` and `sites edit`. */
function siteOptions(cmd: Command): Command {
  return cmd
    .option('--name <name>', '名称 name')
    .option('--name-en <name>', 'English name ("" removes it)')
    .option('--kind <kind>', 'air_station | outlet')
    .option('--tier <tier>', 'national | provincial | city | township ("" removes it)')
    .option('--township <id>', 'township or street id from `qingshan places` ("" removes it)')
    .option('--lon <deg>', "longitude (within Hebi's area)")
    .option('--lat <deg>', "latitude (within Hebi's area)")
    .option('--in-district-value <yes|no>', 'counts towards the district value');
}

/** Options → the contract's fields; "" clears an optional field. */
function siteFieldsOf(opts: Record<string, string | undefined>): Record<string, unknown> {
  const orNull = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : v);
  const num = (v: string | undefined) => (v === undefined ? undefined : v === '' ? null : Number(v));
  const fields = {
    name: opts.name,
    nameEn: orNull(opts.nameEn),
    kind: opts.kind,
    tier: orNull(opts.tier),
    townshipId: orNull(opts.township),
    lon: num(opts.lon),
    lat: num(opts.lat),
    inDistrictValue:
      opts.inDistrictValue === undefined
        ? undefined
        : ['yes', 'true', '1', '是'].includes(opts.inDistrictValue),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function registerSiteCommands(program: Command): void {
  const sites = program.command('sites').description('监测站点 monitoring sites');
  siteOptions(
    sites.command('add <code>').description('create a site (the same service as the web 站点管理; audited)'),
  ).action(async (code: string, opts: Record<string, string | undefined>, cmd: Command) => {
    const body = parseWith(siteCreateBody, { code, ...siteFieldsOf(opts) });
    const site = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
      (await import('#services/site-admin.service.ts')).createSite(db.db, body, {
        ...cliActor(),
        visibleTo: CLI_JURISDICTION,
      }),
    );
    process.stdout.write(`site ${site.code} ${site.name} 已创建 created\n`);
  });
  siteOptions(sites.command('edit <code>').description('edit a site (audited)')).action(
    async (code: string, opts: Record<string, string | undefined>, cmd: Command) => {
      const body = parseWith(siteUpdateBody, siteFieldsOf(opts));
      const site = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
        (await import('#services/site-admin.service.ts')).updateSite(db.db, code, body, {
          ...cliActor(),
          visibleTo: CLI_JURISDICTION,
        }),
      );
      process.stdout.write(`site ${site.code} ${site.name} 已保存 saved\n`);
    },
  );
  addFormatOption(sites).action(async (opts: { format: string }, cmd: Command) => {
    const sites = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
      (await import('#store/sites.repository.ts')).listSites(db.db, CLI_JURISDICTION),
    );
    const rows = sites.map((s) => ({
      代码: s.code,
      名称: s.name,
      类型: s.kind,
      级别: s.tier,
      乡镇街道: s.townshipId,
      经度: s.lon,
      纬度: s.lat,
      示例: s.isSample ? '示例 sample' : '',
    }));
    print({ json: sites, rows, title: `站点 ${sites.length} 个` }, opts.format);
  });
  addFormatOption(
    program.command('places').description('辖区与部门 district, townships and departments'),
  ).action(async (opts: { format: string }, cmd: Command) => {
    const orgs = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
      (await import('#store/organisations.repository.ts')).listOrganisations(db.db),
    );
    const rows = orgs.map((o) => ({
      代码: o.code,
      名称: o.name,
      英文: o.name_en,
      类型: o.kind,
      上级: o.parent_id,
    }));
    print({ json: orgs, rows }, opts.format);
  });
}
