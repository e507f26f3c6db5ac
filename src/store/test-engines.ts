import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import type { Engine } from './engine.ts';
import { migrateToLatest } from './migrate.ts';
import { type Db, openDb } from './open-db.ts';

/**
 * Run one storage suite on every engine: a fresh in-memory SQLite per test, and PostgreSQL in a fresh
 * schema per test (dropped afterwards). PostgreSQL URL: QINGSHAN_TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test. When PostgreSQL refuses the connection the PostgreSQL half is
 * skipped with a loud warning — unless CI is set, where it fails.
 */
export const TEST_PG_URL = process.env.QINGSHAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type PgProbe = { ok: true } | { ok: false; refused: boolean; reason: string };

async function probePostgres(): Promise<PgProbe> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      ok: false,
      refused: code === 'ECONNREFUSED',
      reason: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Probed once per test file (module top-level await), before the suites are declared.
const pgProbeResult = await probePostgres();
const skipPostgres = !pgProbeResult.ok && pgProbeResult.refused && !process.env.CI;

export interface TestDb extends Db {
  engine: Engine;
}

function freshSchemaName(): string {
  return `t_${process.pid}_${randomBytes(5).toString('hex')}`;
}

async function openTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'sqlite') {
    const handle = await openDb(':memory:');
    await migrateToLatest(handle.db);
    return handle;
  }
  if (!pgProbeResult.ok) throw new Error(`PostgreSQL unavailable at ${TEST_PG_URL}: ${pgProbeResult.reason}`);
  const schema = freshSchemaName();
  const handle = await openDb(TEST_PG_URL, { schema, poolSize: 3 });
  const close = async () => {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
    await handle.db.destroy();
  };
  await migrateWithRetry(handle.db, schema);
  return { ...handle, close };
}

/**
 * Kysely's migrator looks for its table through the introspector, which scans the tables of EVERY schema; when
 * another test file drops its schema during that scan, PostgreSQL answers "schema t_… does not exist" (3F000)
 * for a schema that is not ours. That is a race between parallel test files, not a migration failure: retry.
 */
async function migrateWithRetry(db: TestDb['db'], schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(db);
      return;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const otherSchemaGone = /schema "t_\w+" does not exist/.test(message) && !message.includes(schema);
      if (!otherSchemaGone || attempt >= 5) throw error;
    }
  }
}

/**
 * `describe(name [engine])` once per engine; `fn` receives a getter for the current test's database.
 */
export function forEachEngine(name: string, fn: (current: () => TestDb) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    const skip = engine === 'postgres' && skipPostgres;
    if (skip) {
      console.warn(
        `\n!!! SKIPPED: "${name}" on PostgreSQL — ${TEST_PG_URL} refused the connection. ` +
          'Only SQLite was tested. Start PostgreSQL (or set QINGSHAN_TEST_PG_URL); with CI set this fails.\n',
      );
    }
    describe.skipIf(skip)(`${name} [${engine}]`, () => {
      let handle: TestDb | undefined;
      beforeEach(async () => {
        handle = await openTestDb(engine);
      });
      afterEach(async () => {
        await handle?.close();
        handle = undefined;
      });
      fn(() => {
        if (!handle) throw new Error('database not open (use it inside a test)');
        return handle;
      });
    });
  }
}
