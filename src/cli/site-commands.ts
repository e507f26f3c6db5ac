import type { Command } from 'commander';
import { addFormatOption, print } from './command-helpers.ts';
import { type GlobalOptions, withDb } from './context.ts';

export function registerSiteCommands(program: Command): void {
  addFormatOption(program.command('sites').description('监测站点 monitoring sites')).action(
    async (opts: { format: string }, cmd: Command) => {
      const sites = await withDb(cmd.optsWithGlobals<GlobalOptions>(), async (db) =>
        (await import('#store/sites.repository.ts')).listSites(db.db),
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
    },
  );
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
