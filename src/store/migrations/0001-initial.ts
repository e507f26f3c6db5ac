import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import { engineOf } from './engine-of.ts';
import { type AnyDb, createAutoIdTable } from './schema-helpers.ts';

/**
 * 0001: organisations, sites, parameters (seeded with the six air pollutants), measurements, dust_days,
 * audit_log. Column conventions for both engines:
 * - times are epoch milliseconds in `bigint` (SQLite: INTEGER affinity, 64-bit; PostgreSQL: int8, parsed to a
 *   JS number by the pool's type parser, see open-db.ts);
 * - booleans are `integer` 0/1 with a check (SQLite has no boolean, better-sqlite3 cannot bind JS booleans);
 * - concentrations are `double precision`.
 * Only the auto-increment id and WITHOUT ROWID differ per engine; both variants are here.
 */

const AIR_PARAMETERS = [
  { code: 'PM2.5', name_zh: '细颗粒物', unit: 'µg/m³' },
  { code: 'PM10', name_zh: '可吸入颗粒物', unit: 'µg/m³' },
  { code: 'SO2', name_zh: '二氧化硫', unit: 'µg/m³' },
  { code: 'NO2', name_zh: '二氧化氮', unit: 'µg/m³' },
  { code: 'CO', name_zh: '一氧化碳', unit: 'mg/m³' },
  { code: 'O3', name_zh: '臭氧', unit: 'µg/m³' },
] as const;

export async function up(db: AnyDb): Promise<void> {
  await atomic(db, createAll);
}

async function createAll(db: AnyDb): Promise<void> {
  const engine = engineOf(db);

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('district', 'township', 'street', 'department')`),
    )
    .addColumn('code', 'text', (col) => col.unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('name_en', 'text', (col) => col.notNull())
    .addColumn('parent_id', 'text', (col) => col.references('organisations.id'))
    .execute();

  await createAutoIdTable(db, 'sites')
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('name_en', 'text')
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('air_station', 'outlet')`))
    .addColumn('tier', 'text', (col) =>
      col.check(sql`tier in ('national', 'provincial', 'city', 'township')`),
    )
    .addColumn('township_id', 'text', (col) => col.references('organisations.id'))
    .addColumn('lon', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('is_sample', 'integer', (col) => col.notNull().defaultTo(0).check(sql`is_sample in (0, 1)`))
    .addColumn('in_district_value', 'integer', (col) =>
      col.notNull().defaultTo(1).check(sql`in_district_value in (0, 1)`),
    )
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sites_township_idx').on('sites').column('township_id').execute();

  await db.schema
    .createTable('parameters')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('name_zh', 'text', (col) => col.notNull())
    .addColumn('unit', 'text', (col) => col.notNull())
    .execute();
  await db
    .insertInto('parameters')
    .values([...AIR_PARAMETERS])
    .execute();

  const measurements = db.schema
    .createTable('measurements')
    .addColumn('site_id', 'integer', (col) => col.notNull().references('sites.id'))
    .addColumn('parameter', 'text', (col) => col.notNull().references('parameters.code'))
    .addColumn('period', 'text', (col) =>
      col.notNull().check(sql`period in ('raw', 'minute', 'hour', 'day')`),
    )
    .addColumn('time', 'bigint', (col) => col.notNull())
    .addColumn('value', 'double precision')
    .addColumn('flag', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('measurements_pk', ['site_id', 'parameter', 'period', 'time']);
  // SQLite: store rows in primary-key order (no separate rowid b-tree); range scans read contiguous pages.
  await (engine === 'sqlite' ? measurements.modifyEnd(sql`without rowid`) : measurements).execute();

  await db.schema
    .createTable('dust_days')
    .addColumn('date', 'text', (col) => col.primaryKey())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await createAutoIdTable(db, 'audit_log')
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    for (const table of ['audit_log', 'dust_days', 'measurements', 'parameters', 'sites', 'organisations']) {
      await trx.schema.dropTable(table).execute();
    }
  });
}
