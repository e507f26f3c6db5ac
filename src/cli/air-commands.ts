import type { Command } from 'commander';
import { type AirMethod, airMethodOf } from '#config/air-method.ts';
import { aqiQuery, dailyQuery, reportQuery, targetsQuery } from '#contract/air.ts';
import { aqiFromConcentrations } from '#services/air-aqi.service.ts';
import { aqiView, dailyView, reportView, targetsView } from './air-views.ts';
import { CLI_JURISDICTION } from './cli-jurisdiction.ts';
import { addFormatOption, parseWith, periodOf, print } from './command-helpers.ts';
import { configFrom, type GlobalOptions, withDb } from './context.ts';
import { registerDustDayCommands } from './dust-day-commands.ts';

/** The configured air method (config `air`, issue 13), so the CLI prints what the server reports. */
function airMethodFrom(global: GlobalOptions): AirMethod {
  return airMethodOf(configFrom(global).air);
}

export function registerAirCommands(program: Command): void {
  const air = program.command('air').description('空气质量 air quality: AQI, reports, daily table, targets');

  addFormatOption(
    air
      .command('aqi')
      .description('AQI from concentrations (HJ 633; rule set chosen by --date). CO in mg/m³, others µg/m³')
      .requiredOption('--kind <kind>', 'daily (日报) or hourly (实时报)')
      .requiredOption('--date <YYYY-MM-DD>', 'date of the data; selects HJ 633-2012 or HJ 633-2026')
      .option('--so2 <n>', 'SO2')
      .option('--no2 <n>', 'NO2')
      .option('--pm10 <n>', 'PM10')
      .option('--pm25 <n>', 'PM2.5')
      .option('--co <n>', 'CO (mg/m³)')
      .option('--o3-8h <n>', 'O3 8-hour (daily max 8 h for --kind daily)')
      .option('--o3-1h <n>', 'O3 1-hour (daily max 1 h for --kind daily)'),
  ).action((opts: Record<string, string>) => {
    const q = parseWith(aqiQuery, { ...opts, o3_8h: opts.o38h, o3_1h: opts.o31h });
    print(aqiView(aqiFromConcentrations(q)), opts.format);
  });

  addFormatOption(
    air
      .command('report')
      .description('period statistics (HJ 663): district value and each site')
      .option('--from <YYYY-MM-DD>', 'first day')
      .option('--to <YYYY-MM-DD>', 'last day (inclusive)')
      .option('--period <spec>', 'instead of --from/--to: 2025, 2025-06, 2025Q2, ytd or mtd')
      .option('--sites <codes>', 'comma-separated site codes (default: every district station)')
      .option('--all', 'every station counting towards the district value (the default)')
      .option('--yoy', 'add year-on-year change against the same period a year earlier'),
  ).action(async (opts: Record<string, string | boolean>, cmd: Command) => {
    const q = parseWith(reportQuery, {
      ...periodOf(opts),
      sites: opts.all ? undefined : opts.sites,
      yoy: opts.yoy,
    });
    const global = cmd.optsWithGlobals<GlobalOptions>();
    const report = await withDb(global, async (db) =>
      (await import('#services/air-report.service.ts')).airReport(
        db,
        CLI_JURISDICTION,
        q,
        Date.now(),
        airMethodFrom(global),
      ),
    );
    print(reportView(report), opts.format);
  });

  addFormatOption(
    air
      .command('daily')
      .description('daily AQI table (日报表) of the district value, and of each site with --per-site')
      .option('--from <YYYY-MM-DD>', 'first day')
      .option('--to <YYYY-MM-DD>', 'last day (inclusive)')
      .option('--period <spec>', 'instead of --from/--to: 2025, 2025-06, 2025Q2, ytd or mtd')
      .option('--sites <codes>', 'comma-separated site codes (default: every district station)')
      .option('--per-site', 'add one row per site and day')
      .option('--page <n>', 'page number', '1')
      .option('--page-size <n>', 'rows per page (max 5000)', '5000'),
  ).action(async (opts: Record<string, string | boolean>, cmd: Command) => {
    const q = parseWith(dailyQuery, {
      ...periodOf(opts),
      sites: opts.sites,
      page: opts.page,
      pageSize: opts.pageSize,
      perSite: opts.perSite,
    });
    const global = cmd.optsWithGlobals<GlobalOptions>();
    const table = await withDb(global, async (db) =>
      (await import('#services/air-daily.service.ts')).airDaily(
        db,
        CLI_JURISDICTION,
        q,
        airMethodFrom(global),
      ),
    );
    print(dailyView(table), opts.format);
  });

  addFormatOption(
    air
      .command('targets')
      .description('progress on the plan targets R-T1…R-T4 with year-end projection')
      .requiredOption('--year <YYYY>', 'target year')
      .option('--as-of <YYYY-MM-DD>', 'last day to count (default: today or the year end)')
      .option('--sites <codes>', 'comma-separated site codes (default: every district station)')
      .option(
        '--composite-threshold <n>',
        'R-T4: composite index of the rank-threshold city (external figure)',
      ),
  ).action(async (opts: Record<string, string>, cmd: Command) => {
    const q = parseWith(targetsQuery, {
      year: opts.year,
      asOf: opts.asOf,
      sites: opts.sites,
      compositeThreshold: opts.compositeThreshold,
    });
    const global = cmd.optsWithGlobals<GlobalOptions>();
    const progress = await withDb(global, async (db) =>
      (await import('#services/air-targets.service.ts')).airTargets(
        db,
        CLI_JURISDICTION,
        q,
        Date.now(),
        airMethodFrom(global),
      ),
    );
    print(targetsView(progress), opts.format);
  });

  registerDustDayCommands(air);
}
