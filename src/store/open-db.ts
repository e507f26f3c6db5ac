import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import type { Engine } from './engine.ts';

/** Where the app keeps its SQLite file unless told otherwise. */
export const DEFAULT_DB_PATH = './data/qingshan.sqlite';

export interface Db {
  db: Kysely<Database>;
  engine: Engine;
  /** PostgreSQL schema in use (search_path), when one was asked for. */
  schema?: string;
  /**
   * PostgreSQL only: the URL the pool connects to, for a connection of its own beside the pool (the outbox's
   * LISTEN: src/platform/outbox/outbox-wake.ts). It may hold a password: never log it (maskSecrets).
   */
  url?: string;
  /**
   * SQLite only: the driver's own connection under `db`, for the few hot paths that need prepared statements
   * reused across calls (the receiver's group commit) or the file's path (its writer thread).
   */
  sqlite?: BetterSqlite3.Database;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** PostgreSQL only: use (and create if missing) this schema via search_path. */
  schema?: string;
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
  /** PostgreSQL only: an idle pooled connection failed (e.g. server restart). Default: console.error. */
  onPoolError?: (error: Error) => void;
}

const PG_INT8_OID = 20;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * int8 (bigint: epoch-ms times, count(*)) comes back as a JS number, not a string. Every value we store in
 * int8 is far below 2^53; anything larger throws rather than silently losing precision.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} does not fit a JS number exactly`);
  return n;
}

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/** `path`, `sqlite:path`, `sqlite://path` or `:memory:` → a SQLite file path (or ':memory:'). */
export function sqlitePathOf(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (path === '') throw new Error(`no SQLite path in "${url}"`);
  return path;
}

function openSqlite(url: string): Db {
  const path = sqlitePathOf(url);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, engine: 'sqlite', sqlite: database, close: () => db.destroy() };
}

async function openPostgres(url: string, options: OpenDbOptions): Promise<Db> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}" (use lower-case letters, digits, _)`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes,
    // Every connection of the pool starts with this search_path, so unqualified names land in the schema.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Without a listener an idle client's error would crash the process; the pool replaces the client.
  pool.on(
    'error',
    options.onPoolError ?? ((error) => console.error(`qingshan:store PostgreSQL pool: ${error.message}`)),
  );
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await db.schema.createSchema(schema).ifNotExists().execute();
    else await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, engine: 'postgres', url, ...(schema ? { schema } : {}), close: () => db.destroy() };
}

/**
 * Open the database named by `url`: `postgres://…` / `postgresql://…` → PostgreSQL pool; anything else is a
 * SQLite path (`sqlite:` prefix optional, `:memory:` for a private in-memory database). SQLite runs in WAL
 * mode with synchronous=NORMAL and foreign keys on; the parent folder is created.
 */
export async function openDb(url: string, options: OpenDbOptions = {}): Promise<Db> {
  return isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url);
}
