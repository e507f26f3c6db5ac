import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import { engineOf } from './engine-of.ts';
import { type AnyDb, createAutoIdTable } from './schema-helpers.ts';

/**
 * 0002: what the HJ 212 receiver needs.
 * - devices: the registry (MN → site, password, CRC policy, expected interval); secrets live here only.
 * - device_factors: factor code → parameter (and a scale into the parameter's unit), per device.
 * - raw_packets: every packet received, appended before any answer (bytes, peer, time, verdict, reason);
 *   quarantined packets (unknown MN, wrong PW) stay here, visible to the operator, never in measurements.
 * - device_status: last seen, data time, clock drift, online/offline state per device.
 * - events: what happened (a device went offline, came back), for the rest of the platform to react to.
 * - parameters of enterprise outlets by their HJ 212 codes (units differ from the ambient-air parameters).
 * Engine differences (auto id, blob vs bytea) are here, in one place.
 */

/** HJ 212-2017 Table B.2 / B.1 codes of the usual outlet factors, with the units loggers send them in. */
const OUTLET_PARAMETERS = [
  { code: 'a21026', name_zh: '二氧化硫（废气）', unit: 'mg/m³' },
  { code: 'a21002', name_zh: '氮氧化物（废气）', unit: 'mg/m³' },
  { code: 'a34013', name_zh: '烟尘（颗粒物）', unit: 'mg/m³' },
  { code: 'a19001', name_zh: '氧气含量', unit: '%' },
  { code: 'a01012', name_zh: '烟气温度', unit: '℃' },
  { code: 'a01013', name_zh: '烟气压力', unit: 'kPa' },
  { code: 'a01014', name_zh: '烟气湿度', unit: '%' },
  { code: 'a01011', name_zh: '烟气流速', unit: 'm/s' },
  { code: 'a00000', name_zh: '废气流量', unit: 'm³/s' },
  { code: 'a24088', name_zh: '非甲烷总烃', unit: 'mg/m³' },
  { code: 'w01018', name_zh: '化学需氧量', unit: 'mg/L' },
  { code: 'w21003', name_zh: '氨氮', unit: 'mg/L' },
  { code: 'w21011', name_zh: '总磷', unit: 'mg/L' },
  { code: 'w21001', name_zh: '总氮', unit: 'mg/L' },
  { code: 'w01001', name_zh: 'pH值', unit: '无量纲' },
  { code: 'w00000', name_zh: '污水流量', unit: 'L/s' },
] as const;

export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    const engine = engineOf(trx);
    const autoId = (table: string) => createAutoIdTable(trx, table, 'bigint');

    await trx.schema
      .createTable('devices')
      .addColumn('mn', 'text', (col) => col.primaryKey())
      .addColumn('site_id', 'integer', (col) => col.notNull().references('sites.id'))
      .addColumn('name', 'text')
      .addColumn('password', 'text', (col) => col.notNull())
      .addColumn('crc_policy', 'text', (col) =>
        col
          .notNull()
          .defaultTo('standard')
          .check(sql`crc_policy in ('strict', 'standard', 'modbus', 'none')`),
      )
      .addColumn('expected_interval_s', 'integer', (col) => col.notNull().defaultTo(3600))
      .addColumn('offline_after_missed', 'integer', (col) => col.notNull().defaultTo(3))
      .addColumn('sm4_key', 'text')
      .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(1).check(sql`enabled in (0, 1)`))
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();
    await trx.schema.createIndex('devices_site_idx').on('devices').column('site_id').execute();

    await trx.schema
      .createTable('device_factors')
      .addColumn('mn', 'text', (col) => col.notNull().references('devices.mn').onDelete('cascade'))
      .addColumn('factor', 'text', (col) => col.notNull())
      .addColumn('parameter', 'text', (col) => col.notNull().references('parameters.code'))
      .addColumn('scale', 'double precision', (col) => col.notNull().defaultTo(1))
      .addPrimaryKeyConstraint('device_factors_pk', ['mn', 'factor'])
      .execute();

    await autoId('raw_packets')
      .addColumn('received_at', 'bigint', (col) => col.notNull())
      .addColumn('peer', 'text', (col) => col.notNull())
      .addColumn('mn', 'text')
      .addColumn('cn', 'text')
      .addColumn('qn', 'text')
      .addColumn('bytes', engine === 'postgres' ? 'bytea' : 'blob', (col) => col.notNull())
      .addColumn('verdict', 'text', (col) =>
        col.notNull().check(sql`verdict in ('stored', 'answered', 'rejected', 'quarantined', 'duplicate')`),
      )
      .addColumn('reason', 'text')
      .execute();
    await trx.schema
      .createIndex('raw_packets_mn_idx')
      .on('raw_packets')
      .columns(['mn', 'received_at'])
      .execute();
    await trx.schema
      .createIndex('raw_packets_verdict_idx')
      .on('raw_packets')
      .columns(['verdict', 'received_at'])
      .execute();

    await trx.schema
      .createTable('device_status')
      .addColumn('mn', 'text', (col) => col.primaryKey().references('devices.mn').onDelete('cascade'))
      .addColumn('last_seen_at', 'bigint')
      .addColumn('last_peer', 'text')
      .addColumn('last_data_time', 'bigint')
      .addColumn('clock_drift_ms', 'bigint')
      .addColumn('state', 'text', (col) =>
        col.notNull().defaultTo('unknown').check(sql`state in ('unknown', 'online', 'offline')`),
      )
      .addColumn('state_since', 'bigint')
      .execute();

    await autoId('events')
      .addColumn('at', 'bigint', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('subject', 'text', (col) => col.notNull())
      .addColumn('detail', 'text')
      .execute();
    await trx.schema.createIndex('events_at_idx').on('events').columns(['kind', 'at']).execute();

    await trx
      .insertInto('parameters')
      .values([...OUTLET_PARAMETERS])
      .onConflict((oc) => oc.doNothing())
      .execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    for (const table of ['events', 'device_status', 'raw_packets', 'device_factors', 'devices']) {
      await trx.schema.dropTable(table).execute();
    }
    await trx
      .deleteFrom('parameters')
      .where(
        'code',
        'in',
        OUTLET_PARAMETERS.map((p) => p.code),
      )
      .execute();
  });
}
