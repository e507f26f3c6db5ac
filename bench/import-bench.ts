/**
 * Import benchmark: the whole Beijing multi-site set (12 files × 35,064 rows × 6 pollutants) imported with
 * importAirFiles into a fresh SQLite file and a fresh PostgreSQL schema, compared in the same run with the
 * RAW insert rate of each engine for the same number of measurement rows:
 * - raw SQLite: better-sqlite3, one prepared single-row `INSERT INTO measurements VALUES (?,…)`, run per row
 *   inside one transaction;
 * - raw PostgreSQL: node-pg, parameterised multi-row `INSERT INTO measurements VALUES ($1,…),(…)` of 4000 rows
 *   per statement, inside one transaction (no COPY);
 * both into the same migrated schema (same keys, constraints and foreign keys), rows prepared in memory
 * beforehand — no file reading, parsing, query building, conflict handling or site lookup.
 * Goal: import ≥ 30 % of raw. Also times one year of hourlySeries over 12 stations × 6 pollutants.
 * Run: npx tsx bench/import-bench.ts [--db path-or-url]… [--files N]
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { importAirFiles } from '../src/import/import-air-files.ts';
import { hourlySeries } from '../src/store/measurements.repository.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Db } from '../src/store/open-db.ts';
import { listSites, upsertSite } from '../src/store/sites.repository.ts';
import {
  benchSqlitePath,
  connectRawPostgres,
  dropTarget,
  freshTarget,
  openRawSqlite,
  pgPlaceholders,
  removeSqliteFiles,
} from './bench-targets.ts';

/** The benchmark reads what it wrote, every site. */
const EVERY_SITE = Jurisdiction.system('bench');

export const DEFAULT_DATA_DIR = fileURLToPath(
  new URL('../../shared/data/beijing-multisite/', import.meta.url),
);
export const DEFAULT_BENCH_SQLITE = fileURLToPath(new URL('../.bench/import-bench.sqlite', import.meta.url));
export const DEFAULT_BENCH_PG = 'postgres://postgres@127.0.0.1:5432/test';

export interface ImportBenchOptions {
  /** Targets: SQLite paths and/or PostgreSQL URLs. Default: DEFAULT_BENCH_SQLITE and DEFAULT_BENCH_PG. */
  targets?: string[];
  dataDir?: string;
  /** Only the first N files (default all 12). */
  fileLimit?: number;
  log?: (line: string) => void;
  /** Runs on the freshly imported database before it is dropped (e.g. the report benchmark). */
  afterImport?: (db: Db) => Promise<Record<string, number>>;
}

export interface EngineFigures {
  engine: 'sqlite' | 'postgres';
  target: string;
  rows: number;
  importMs: number;
  importRowsPerSec: number;
  rawMs: number;
  rawRowsPerSec: number;
  /** import rate / raw rate. */
  ratio: number;
  /** One year (2014), all stations × 6 pollutants through hourlySeries. */
  seriesValues: number;
  seriesMs: number;
  /** Figures from `afterImport`, if given. */
  extra?: Record<string, number>;
}

export interface ImportBenchResult {
  files: number;
  engines: EngineFigures[];
  skipped: { target: string; reason: string }[];
}

const HOUR = 3_600_000;
const POLLUTANTS = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'];
type RawRow = [number, string, string, number, number, null, string, number];

function rate(rows: number, ms: number): number {
  return Math.round((rows / ms) * 1000);
}

/** `count` rows shaped like the import's: per site, hour after hour, six pollutants per hour. */
function rawRows(siteIds: number[], count: number): RawRow[] {
  const rows: RawRow[] = [];
  const perSite = Math.ceil(count / siteIds.length);
  const t0 = Date.UTC(2013, 2, 1) - 8 * HOUR;
  for (const siteId of siteIds) {
    for (let i = 0; i < perSite && rows.length < count; i++) {
      const p = POLLUTANTS[i % 6] as string;
      rows.push([siteId, p, 'hour', t0 + Math.floor(i / 6) * HOUR, (i * 7) % 500, null, 'raw', 1]);
    }
  }
  return rows;
}

/**
 * The engine's plain insert speed with the driver alone: prepared statements in one transaction, no parsing,
 * no conflict handling. Two shapes are timed — one row per statement and 500 rows per statement — on fresh
 * files, and the faster counts as "raw", so the import is compared with the best the driver does.
 */
async function rawSqlite(path: string, rows: RawRow[]): Promise<number> {
  const timed = (suffix: string, insertAll: (database: BetterSqlite3.Database) => void): number => {
    const file = `${path}-${suffix}`;
    removeSqliteFiles(file);
    copyFileSync(path, file);
    const database = openRawSqlite(file);
    const started = performance.now();
    database.transaction(() => insertAll(database))();
    const ms = performance.now() - started;
    database.close();
    removeSqliteFiles(file);
    return ms;
  };
  const single = timed('single', (database) => {
    const insert = database.prepare('insert into measurements values (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const row of rows) insert.run(row);
  });
  const multi = timed('multi', (database) => {
    const batch = 500;
    const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(',');
    const full = database.prepare(`insert into measurements values ${values(batch)}`);
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      const statement =
        part.length === batch
          ? full
          : database.prepare(`insert into measurements values ${values(part.length)}`);
      statement.run(part.flat());
    }
  });
  return Math.min(single, multi);
}

async function rawPostgres(url: string, schema: string, rows: RawRow[]): Promise<number> {
  const client = await connectRawPostgres(url, schema);
  const batch = 4000;
  const fullSql = `insert into measurements values ${pgPlaceholders(batch, 8)}`;
  const started = performance.now();
  try {
    await client.query('begin');
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      const text =
        part.length === batch ? fullSql : `insert into measurements values ${pgPlaceholders(part.length, 8)}`;
      await client.query(text, part.flat());
    }
    await client.query('commit');
  } finally {
    await client.end();
  }
  return performance.now() - started;
}

async function benchEngine(
  target: string,
  files: string[],
  log: (line: string) => void,
  afterImport?: ImportBenchOptions['afterImport'],
): Promise<EngineFigures> {
  const imported = await freshTarget(target, 'import');
  await migrateToLatest(imported.db);
  log(`[${imported.engine}] importing ${files.length} files …`);
  let lastPct = -1;
  const result = await importAirFiles(imported.db, files, {
    format: 'prsa',
    onProgress: (p) => {
      const pct = Math.floor((p.bytesDone / p.totalBytes) * 10) * 10;
      if (pct !== lastPct) log(`[${imported.engine}]   ${pct}% (${p.file.split('/').pop()})`);
      lastPct = pct;
    },
  });
  if (result.totalErrors > 0) throw new Error(`import reported ${result.totalErrors} errors`);
  const rows = result.totalValues;

  const sites = await listSites(imported.db, EVERY_SITE);
  const yearStart = Date.UTC(2014, 0, 1) - 8 * HOUR;
  const seriesStart = performance.now();
  const series = await hourlySeries(imported.db, EVERY_SITE, {
    siteIds: sites.map((s) => s.id),
    parameters: POLLUTANTS,
    from: yearStart,
    to: Date.UTC(2015, 0, 1) - 8 * HOUR,
  });
  const seriesMs = performance.now() - seriesStart;
  const seriesValues = series.reduce((n, s) => n + s.times.length, 0);
  const extra = afterImport ? await afterImport(imported) : undefined;
  await dropTarget(imported, imported.engine === 'sqlite' ? benchSqlitePath(target, 'import') : undefined);

  const raw = await freshTarget(target, 'raw');
  await migrateToLatest(raw.db);
  for (const s of sites) await upsertSite(raw.db, { code: s.code, name: s.name, kind: 'air_station' });
  const rawIds = (await listSites(raw.db, EVERY_SITE)).map((s) => s.id);
  const rowsInMemory = rawRows(rawIds, rows);
  log(`[${raw.engine}] raw insert of ${rows} rows …`);
  let rawMs: number;
  if (raw.engine === 'sqlite') {
    await raw.close();
    const rawPath = benchSqlitePath(target, 'raw');
    rawMs = await rawSqlite(rawPath, rowsInMemory);
    removeSqliteFiles(rawPath);
  } else {
    rawMs = await rawPostgres(target, raw.schema as string, rowsInMemory);
    await dropTarget(raw);
  }

  const figures: EngineFigures = {
    engine: imported.engine,
    target,
    rows,
    importMs: result.ms,
    importRowsPerSec: rate(rows, result.ms),
    rawMs: Math.round(rawMs),
    rawRowsPerSec: rate(rows, rawMs),
    ratio: Math.round((rate(rows, result.ms) / rate(rows, rawMs)) * 100) / 100,
    seriesValues,
    seriesMs: Math.round(seriesMs),
    ...(extra ? { extra } : {}),
  };
  log(
    `[${figures.engine}] import ${figures.importRowsPerSec.toLocaleString('en')} rows/s (${figures.importMs} ms) · ` +
      `raw ${figures.rawRowsPerSec.toLocaleString('en')} rows/s (${figures.rawMs} ms) · ratio ${figures.ratio} · ` +
      `1-year series ${figures.seriesValues.toLocaleString('en')} values in ${figures.seriesMs} ms`,
  );
  return figures;
}

export async function runImportBench(options: ImportBenchOptions = {}): Promise<ImportBenchResult> {
  const log = options.log ?? (() => {});
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (!existsSync(dataDir)) throw new Error(`Beijing data not found at ${dataDir}`);
  const files = readdirSync(dataDir)
    .filter((f) => f.startsWith('PRSA_Data_') && f.endsWith('.csv'))
    .sort()
    .slice(0, options.fileLimit ?? 12)
    .map((f) => join(dataDir, f));
  const result: ImportBenchResult = { files: files.length, engines: [], skipped: [] };
  for (const target of options.targets ?? [DEFAULT_BENCH_SQLITE, DEFAULT_BENCH_PG]) {
    try {
      result.engines.push(await benchEngine(target, files, log, options.afterImport));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!/ECONNREFUSED|connect/.test(reason)) throw error;
      log(`!!! ${target} skipped: ${reason}`);
      result.skipped.push({ target, reason });
    }
  }
  return result;
}

function cliOptions(argv: string[]): ImportBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { db: { type: 'string', multiple: true }, files: { type: 'string' }, data: { type: 'string' } },
  });
  return {
    log: (line) => console.log(line),
    ...(values.db ? { targets: values.db } : {}),
    ...(values.files ? { fileLimit: Number(values.files) } : {}),
    ...(values.data ? { dataDir: values.data } : {}),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runImportBench(cliOptions(process.argv.slice(2)));
  console.log(JSON.stringify(result, null, 2));
}
