/**
 * `npm run bench`: the import of the whole Beijing set (12 × 35,064 rows × 6 pollutants) on SQLite and
 * PostgreSQL next to each engine's raw insert rate measured in the same run, and the full-year district
 * report over the 12 stations on each. Goals (issue 2): import ≥ 30 % of raw; one-year report < 1 s on SQLite.
 * Options: --db <path-or-url> (repeatable), --files N, --data <dir>, --year YYYY.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_BENCH_PG, DEFAULT_BENCH_SQLITE, runImportBench } from './import-bench.ts';
import { runReportBench } from './report-bench.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', multiple: true },
    files: { type: 'string' },
    data: { type: 'string' },
    year: { type: 'string', default: '2014' },
  },
});
const year = Number(values.year);
const log = (line: string) => console.log(line);

log(`qingshan bench — node ${process.version}, ${new Date().toISOString()}`);
const result = await runImportBench({
  log,
  targets: values.db ?? [DEFAULT_BENCH_SQLITE, DEFAULT_BENCH_PG],
  ...(values.files ? { fileLimit: Number(values.files) } : {}),
  ...(values.data ? { dataDir: values.data } : {}),
  afterImport: async (db) => {
    const r = await runReportBench(db, year);
    log(
      `[${db.engine}] ${year} report over ${r.stations} stations: ${r.reportMs} ms (load ${r.loadMs} ms, rules ${r.computeMs} ms)`,
    );
    return { ...r };
  },
});

log('\nsummary');
for (const e of result.engines) {
  const report = e.extra?.reportMs;
  log(
    `  ${e.engine.padEnd(8)} import ${e.importRowsPerSec.toLocaleString('en')} rows/s vs raw ${e.rawRowsPerSec.toLocaleString('en')} rows/s` +
      ` = ${Math.round(e.ratio * 100)} % (goal ≥ 30 %)${report === undefined ? '' : `; ${year} report ${report} ms${e.engine === 'sqlite' ? ' (goal < 1000 ms)' : ''}`}`,
  );
}
for (const s of result.skipped) log(`  !!! SKIPPED ${s.target}: ${s.reason}`);
