/**
 * Fresh, throw-away stores for the benchmarks: a SQLite file under `.bench/` or a PostgreSQL schema of its own,
 * named after the target and a suffix, so that runs never touch the platform's data or each other's.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDb, sqlitePathOf } from '../src/store/open-db.ts';

export function isPostgresTarget(target: string): boolean {
  return target.startsWith('postgres://') || target.startsWith('postgresql://');
}

export function benchSqlitePath(target: string, suffix: string): string {
  const path = sqlitePathOf(target);
  return path.endsWith('.sqlite') ? path.replace(/\.sqlite$/, `-${suffix}.sqlite`) : `${path}-${suffix}`;
}

export function removeSqliteFiles(path: string): void {
  for (const ext of ['', '-wal', '-shm']) rmSync(`${path}${ext}`, { force: true });
}

/** An empty store (not yet migrated): a new schema `bench_<suffix>_<pid>` on PostgreSQL, a new file on SQLite. */
export async function freshTarget(target: string, suffix: string): Promise<Db> {
  if (isPostgresTarget(target)) {
    const schema = `bench_${suffix}_${process.pid}`;
    const probe = await openDb(target);
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(probe.db);
    await probe.close();
    return openDb(target, { schema });
  }
  const path = benchSqlitePath(target, suffix);
  removeSqliteFiles(path);
  mkdirSync(join(path, '..'), { recursive: true });
  return openDb(path);
}

/** Drop the bench schema / delete the bench SQLite files (they grow to gigabytes). */
export async function dropTarget(handle: Db, sqlitePath?: string): Promise<void> {
  if (handle.engine === 'postgres' && handle.schema) {
    await sql`drop schema if exists ${sql.id(handle.schema)} cascade`.execute(handle.db);
  }
  await handle.close();
  if (sqlitePath) removeSqliteFiles(sqlitePath);
}

/** The driver alone on a bench SQLite file, with the platform's settings (open-db.ts), for raw insert rates. */
export function openRawSqlite(file: string): BetterSqlite3.Database {
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  return database;
}

/** The driver alone on a bench schema, for raw insert rates. */
export async function connectRawPostgres(url: string, schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
}

/** `($1,$2,…),($n+1,…)…`: the VALUES list of a multi-row PostgreSQL INSERT of `rows` rows × `columns`. */
export function pgPlaceholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(',')})`,
  ).join(',');
}

/**
 * Runs this bench as `npm start` runs the platform, with a 64 MB semi-space (young generation, see README): when
 * the flag is missing, re-runs this script in a child process with it and never returns.
 */
export async function asNpmStartRuns(): Promise<void> {
  if (process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return;
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  child.once('exit', (code) => process.exit(code ?? 1));
  await new Promise(() => undefined);
}
