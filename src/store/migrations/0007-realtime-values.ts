import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import { engineOf } from './engine-of.ts';
import type { AnyDb } from './schema-helpers.ts';

/**
 * 0007: real-time (HJ 212 2011) values get their own table, clustered by time.
 *
 * In `measurements` (keyed by site first) every group commit of 1,000 loggers touched one B-tree leaf per
 * (site, parameter): ~6,000 scattered page writes per commit, which capped SQLite at 5–13k packets/s with the
 * driver alone. Here one row holds one packet's readings (site, DataTime) and the key starts with the time, so
 * a commit appends to the last few pages. The cost moves to reads: a per-site real-time read scans its time
 * window across all sites, which is why the API bounds real-time windows (hour, minute and day data stay
 * site-keyed in `measurements`).
 *
 * `raw_packets_mn_idx` (mn, received_at) goes for the same reason (one scattered leaf per logger per commit);
 * its only reader, the quarantine list, is served by `raw_packets_verdict_idx`.
 */
export async function up(db: AnyDb): Promise<void> {
  const engine = engineOf(db);
  await atomic(db, async (trx) => {
    const table = trx.schema
      .createTable('realtime_values')
      .addColumn('time', 'bigint', (col) => col.notNull())
      .addColumn('site_id', 'integer', (col) => col.notNull().references('sites.id'))
      // {"PM2.5":[35.2,"N"],…}: parameter code → [value in the parameter's unit or null, HJ 212 flag or null].
      .addColumn('readings', 'text', (col) => col.notNull())
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('received_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('realtime_values_pk', ['time', 'site_id']);
    await (engine === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table).execute();

    const aggregate =
      engine === 'postgres'
        ? sql`jsonb_object_agg(parameter, jsonb_build_array(value, flag))::text`
        : sql`json_group_object(parameter, json_array(value, flag))`;
    await sql`insert into realtime_values (time, site_id, readings, source, received_at)
      select time, site_id, ${aggregate}, max(source), max(received_at)
      from measurements where period = 'raw' group by time, site_id`.execute(trx);
    await trx.deleteFrom('measurements').where('period', '=', 'raw').execute();
    await trx.schema.dropIndex('raw_packets_mn_idx').execute();
  });
}

export async function down(db: AnyDb): Promise<void> {
  const engine = engineOf(db);
  await atomic(db, async (trx) => {
    const expand =
      engine === 'postgres'
        ? sql`insert into measurements (site_id, parameter, period, time, value, flag, source, received_at)
            select r.site_id, e.key, 'raw', r.time, (e.value->>0)::double precision, e.value->>1, r.source, r.received_at
            from realtime_values r, jsonb_each(r.readings::jsonb) e`
        : sql`insert into measurements (site_id, parameter, period, time, value, flag, source, received_at)
            select r.site_id, e.key, 'raw', r.time, json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]'),
              r.source, r.received_at
            from realtime_values r, json_each(r.readings) e`;
    await expand.execute(trx);
    await trx.schema.dropTable('realtime_values').execute();
    await trx.schema
      .createIndex('raw_packets_mn_idx')
      .on('raw_packets')
      .columns(['mn', 'received_at'])
      .execute();
  });
}
