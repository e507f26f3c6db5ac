import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import { engineOf } from './engine-of.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0013: loggers apart from sites (issue 12). Values were kept per site only, so two loggers of one site showed the
 * same series and the site's state followed whichever logger went quiet.
 *
 * - `devices.role`: 'main' | 'backup' (rules/monitoring/logger-precedence.ts); existing devices become main.
 * - `device_measurements` (mn, parameter, period, time): each logger's minute/hour/day values as it sent them,
 *   keyed like `measurements` (by logger first: a device page reads one logger's range).
 * - `device_realtime_values` (time, mn): each logger's real-time readings, keyed by time first like
 *   `realtime_values` (migration 0007: a commit of many loggers appends instead of scattering writes).
 *
 * Values received before this migration were stored per site with source 'hj212'; where the site has exactly one
 * logger they are its values, and are copied to that logger so its page keeps its history.
 */
export async function up(db: AnyDb): Promise<void> {
  const engine = engineOf(db);
  await atomic(db, async (trx) => {
    await trx.schema
      .alterTable('devices')
      .addColumn('role', 'text', (col) => col.notNull().defaultTo('main'))
      .execute();

    const periodic = trx.schema
      .createTable('device_measurements')
      .addColumn('mn', 'text', (col) => col.notNull().references('devices.mn').onDelete('cascade'))
      .addColumn('parameter', 'text', (col) => col.notNull())
      .addColumn('period', 'text', (col) => col.notNull())
      .addColumn('time', 'bigint', (col) => col.notNull())
      .addColumn('value', 'double precision')
      .addColumn('flag', 'text')
      .addColumn('received_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('device_measurements_pk', ['mn', 'parameter', 'period', 'time']);
    await (engine === 'sqlite' ? periodic.modifyEnd(sql`without rowid`) : periodic).execute();

    const realtime = trx.schema
      .createTable('device_realtime_values')
      .addColumn('time', 'bigint', (col) => col.notNull())
      .addColumn('mn', 'text', (col) => col.notNull().references('devices.mn').onDelete('cascade'))
      // {"PM2.5":[35.2,"N"],…} as in realtime_values.
      .addColumn('readings', 'text', (col) => col.notNull())
      .addColumn('received_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('device_realtime_values_pk', ['time', 'mn']);
    await (engine === 'sqlite' ? realtime.modifyEnd(sql`without rowid`) : realtime).execute();

    // Sites with exactly one logger: its MN.
    const only = sql`(select site_id, min(mn) as mn from devices group by site_id having count(*) = 1)`;
    await sql`insert into device_measurements (mn, parameter, period, time, value, flag, received_at)
      select o.mn, m.parameter, m.period, m.time, m.value, m.flag, m.received_at
      from measurements m join ${only} o on o.site_id = m.site_id
      where m.source = 'hj212'`.execute(trx);
    await sql`insert into device_realtime_values (time, mn, readings, received_at)
      select r.time, o.mn, r.readings, r.received_at
      from realtime_values r join ${only} o on o.site_id = r.site_id
      where r.source = 'hj212'`.execute(trx);
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.dropTable('device_realtime_values').execute();
    await trx.schema.dropTable('device_measurements').execute();
    await trx.schema.alterTable('devices').dropColumn('role').execute();
  });
}
