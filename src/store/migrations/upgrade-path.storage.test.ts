import { randomBytes } from 'node:crypto';
import { type Kysely, Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { DEFAULT_ROLES } from '#rules/access/roles.ts';
import type { Database } from '../database.ts';
import { type Db, openDb } from '../open-db.ts';
import { forEachEngine, TEST_PG_URL, type TestDb } from '../test-engines.ts';
import { MIGRATIONS, staticMigrationProvider } from './index.ts';

/**
 * Issue 14: a database built from scratch and one upgraded step by step from the first migration, with data in it
 * all the way, end with the same schema, on both engines. forEachEngine gives the fresh one (migrated to latest);
 * the upgraded one is opened here beside it.
 */
type Row = Record<string, unknown>;
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** SQLite: every table, index and trigger's SQL (whitespace normalised), each table's columns and foreign keys. */
async function sqliteSchema(db: Kysely<Database>): Promise<Row> {
  const objects = (
    await sql<Row>`select type, name, tbl_name, sql from sqlite_master
      where name not like 'sqlite_%' order by type, name`.execute(db)
  ).rows.filter((o) => !MIGRATION_TABLES.includes(String(o.tbl_name)));
  const tables: Row = {};
  for (const o of objects.filter((x) => x.type === 'table')) {
    const name = String(o.name);
    tables[name] = {
      columns: (await sql.raw<Row>(`pragma table_info("${name}")`).execute(db)).rows,
      foreignKeys: (await sql.raw<Row>(`pragma foreign_key_list("${name}")`).execute(db)).rows,
    };
  }
  const objectSql = objects.map((o) => ({ ...o, sql: String(o.sql ?? '').replace(/\s+/g, ' ') }));
  return { objects: objectSql, tables };
}

/** PostgreSQL: columns (type, nullability, default), indexes and constraints of the schema, its name masked. */
async function postgresSchema(db: Kysely<Database>, schema: string): Promise<Row> {
  const mask = (rows: Row[]) => JSON.parse(JSON.stringify(rows).replaceAll(schema, '<schema>')) as Row[];
  const notMigrator = (rows: Row[], key: string) =>
    rows.filter((r) => !MIGRATION_TABLES.includes(String(r[key])));
  const columns = await sql<Row>`select table_name, column_name, ordinal_position, data_type, is_nullable,
      column_default, is_identity, identity_generation
    from information_schema.columns where table_schema = ${schema} order by table_name, column_name`.execute(
    db,
  );
  const indexes = await sql<Row>`select tablename, indexname, indexdef from pg_indexes
    where schemaname = ${schema} order by tablename, indexname`.execute(db);
  const constraints = await sql<Row>`select cl.relname as table_name, co.conname, co.contype,
      pg_get_constraintdef(co.oid) as def
    from pg_constraint co join pg_class cl on cl.oid = co.conrelid join pg_namespace n on n.oid = cl.relnamespace
    where n.nspname = ${schema} order by cl.relname, co.conname`.execute(db);
  const sequences = await sql<Row>`select sequence_name, data_type from information_schema.sequences
    where sequence_schema = ${schema} order by sequence_name`.execute(db);
  return {
    columns: mask(notMigrator(columns.rows, 'table_name')),
    indexes: mask(notMigrator(indexes.rows, 'tablename')),
    constraints: mask(notMigrator(constraints.rows, 'table_name')),
    sequences: mask(sequences.rows),
  };
}

async function schemaOf(handle: Db): Promise<Row> {
  return handle.engine === 'sqlite'
    ? sqliteSchema(handle.db)
    : postgresSchema(handle.db, handle.schema ?? 'public');
}

async function openEmpty(engine: TestDb['engine']): Promise<Db> {
  if (engine === 'sqlite') return openDb(':memory:');
  const schema = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
  const handle = await openDb(TEST_PG_URL, { schema, poolSize: 2 });
  return {
    ...handle,
    close: async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.db.destroy();
    },
  };
}

function migratorFor(handle: Db): Migrator {
  return new Migrator({
    db: handle.db,
    provider: staticMigrationProvider,
    ...(handle.engine === 'postgres' && handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
}

/** A little of everything 0001 holds: a township, a station and an outlet, hours of PM2.5, a dust day, audit rows. */
async function seedAsOf0001(db: Kysely<Database>): Promise<void> {
  const t0 = Date.UTC(2026, 0, 1);
  await sql`insert into organisations (id, kind, code, name, name_en, parent_id)
    values ('t-1', 'township', '110101001', '青山街道', 'Qingshan Street', null)`.execute(db);
  await sql`insert into sites (code, name, name_en, kind, tier, township_id, lon, lat, created_at) values
    ('A-1', '青山站', 'Qingshan station', 'air_station', 'city', 't-1', 116.4, 39.9, ${t0}),
    ('O-1', '某厂排口', 'A works outlet', 'outlet', null, 't-1', 116.5, 39.8, ${t0})`.execute(db);
  const site = await sql<{ id: number }>`select id from sites where code = 'A-1'`.execute(db);
  const siteId = Number(site.rows[0]?.id);
  const param = await sql<{ code: string }>`select code from parameters order by code limit 1`.execute(db);
  const code = String(param.rows[0]?.code);
  for (let h = 0; h < 3; h++) {
    await sql`insert into measurements (site_id, parameter, period, time, value, flag, source, received_at)
      values (${siteId}, ${code}, 'hour', ${t0 + h * 3_600_000}, ${30 + h}, 'N', 'import', ${t0})`.execute(
      db,
    );
  }
  await sql`insert into dust_days (date, note, created_by, created_at)
    values ('2026-01-01', '沙尘', 'admin', ${t0})`.execute(db);
  for (const action of ['site.create', 'dust-day.create']) {
    await sql`insert into audit_log (at, actor, action, entity, entity_id, detail)
      values (${t0}, 'admin', ${action}, 'site', 'A-1', null)`.execute(db);
  }
}

forEachEngine('a database upgraded from 0001 step by step', (current) => {
  it('has the same schema as one built from scratch, and keeps its data', async () => {
    const fresh = current();
    const upgraded = await openEmpty(fresh.engine);
    try {
      const migrator = migratorFor(upgraded);
      const first = await migrator.migrateTo('0001-initial');
      expect(first.error).toBeUndefined();
      expect(first.results?.map((r) => r.migrationName)).toEqual(['0001-initial']);
      await seedAsOf0001(upgraded.db);

      const applied = ['0001-initial'];
      for (;;) {
        const step = await migrator.migrateUp();
        expect(step.error).toBeUndefined();
        if (!step.results?.length) break;
        expect(step.results.length).toBe(1);
        applied.push(step.results[0]?.migrationName ?? '');
      }
      expect(applied).toEqual(Object.keys(MIGRATIONS));

      const built = await schemaOf(fresh);
      expect(JSON.stringify(built)).toContain('chain_heads');
      expect(await schemaOf(upgraded)).toEqual(built);

      // The data came through: the hours, and the audit rows chained by 0003.
      const hours = await sql<{ n: number }>`select count(*) as n from measurements`.execute(upgraded.db);
      expect(Number(hours.rows[0]?.n)).toBe(3);
      const audit = await sql<Row>`select prev_hash, hash from audit_log order by id`.execute(upgraded.db);
      expect(audit.rows).toHaveLength(2);
      expect(audit.rows[1]?.prev_hash).toBe(audit.rows[0]?.hash);
    } finally {
      await upgraded.close();
    }
  });

  it('ends with the roles of src/rules/access/roles.ts, though 0003 seeds its own frozen copy', async () => {
    const { db } = current();
    const rows =
      await sql<Row>`select id, name_zh, name_en, scope, permissions from roles order by id`.execute(db);
    const stored = rows.rows.map((r) => ({
      id: r.id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      scope: r.scope,
      permissions: (JSON.parse(String(r.permissions)) as string[]).sort(),
    }));
    const expected = [...DEFAULT_ROLES]
      .map((r) => ({ ...r, permissions: [...r.permissions].sort() }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored).toEqual(expected);
  });
});
