import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MigrationError, migrateToLatest } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { DEFAULT_DB_PATH, openDb, sqlitePathOf } from './open-db.ts';

describe('migrateToLatest', () => {
  it('reports each migration applied', async () => {
    const handle = await openDb(':memory:');
    const lines: string[] = [];
    const results = await migrateToLatest(handle.db, { report: (l) => lines.push(l) });
    const names = Object.keys(MIGRATIONS);
    expect(names[0]).toBe('0001-initial');
    expect(results.map((r) => [r.migrationName, r.status])).toEqual(names.map((n) => [n, 'Success']));
    expect(lines).toEqual(names.map((n) => `migration ${n}: applied`));
    await handle.close();
  });

  it('throws a MigrationError naming the failed migration, and rolls it back', async () => {
    const handle = await openDb(':memory:');
    await sql`create table sites (x integer)`.execute(handle.db);
    const failure = await migrateToLatest(handle.db).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/^migration 0001-initial failed: .*sites/);
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('organisations');
    await handle.close();
  });
});

describe('openDb', () => {
  it('understands SQLite paths, sqlite: URLs and :memory:', () => {
    expect(sqlitePathOf('sqlite:./data/x.sqlite')).toBe('./data/x.sqlite');
    expect(sqlitePathOf('sqlite://data/x.sqlite')).toBe('data/x.sqlite');
    expect(sqlitePathOf(':memory:')).toBe(':memory:');
    expect(sqlitePathOf(DEFAULT_DB_PATH)).toBe('./data/qingshan.sqlite');
  });

  it('opens SQLite with WAL, synchronous NORMAL and foreign keys, creating the folder', async () => {
    const dir = `${process.env.TMPDIR ?? '/tmp'}/qingshan-open-db-${process.pid}`;
    const handle = await openDb(`sqlite:${dir}/nested/test.sqlite`);
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(handle.db)).rows[0] as object)[0];
    expect(handle.engine).toBe('sqlite');
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('foreign_keys')).toBe(1);
    await handle.close();
    const { rmSync } = await import('node:fs');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unsafe PostgreSQL schema name', async () => {
    await expect(openDb('postgres://postgres@127.0.0.1:5432/test', { schema: 'x; drop' })).rejects.toThrow(
      /schema name/,
    );
  });
});
