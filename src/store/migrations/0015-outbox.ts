import { sql } from 'kysely';
import { atomic } from './atomic.ts';
import { engineOf } from './engine-of.ts';
import { type AnyDb, createAutoIdTable } from './schema-helpers.ts';

/**
 * 0015: the event outbox (issue 14). Every domain event is a row written in the transaction of the change that
 * caused it; consumers read it by a cursor (tx, id) kept in `outbox_cursors` (see src/store/outbox.repository.ts
 * for why the cursor is a pair and not the id alone).
 *
 * `tx` is the writing transaction's id on PostgreSQL (pg_current_xact_id(), 64-bit, never wraps), filled in by
 * its DEFAULT so that no writer names it; on SQLite (one writer at a time, ids in commit order) it is always 0.
 * On PostgreSQL a statement-level trigger sends NOTIFY qingshan_outbox, which PostgreSQL delivers at commit (and
 * drops on rollback), so consumers in every process wake without polling hot.
 */
export async function up(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    const pg = engineOf(trx) === 'postgres';
    await createAutoIdTable(trx, 'outbox', 'bigint')
      .addColumn('tx', 'bigint', (col) =>
        col.notNull().defaultTo(pg ? sql`(pg_current_xact_id()::text::bigint)` : 0),
      )
      .addColumn('at', 'bigint', (col) => col.notNull())
      .addColumn('topic', 'text', (col) => col.notNull())
      .addColumn('subject', 'text')
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('node', 'text')
      .execute();
    await trx.schema.createIndex('outbox_tx_id').on('outbox').columns(['tx', 'id']).execute();
    // Retention deletes by age.
    await trx.schema.createIndex('outbox_at').on('outbox').column('at').execute();
    await trx.schema
      .createTable('outbox_cursors')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('tx', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('id', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();
    if (pg) {
      // A writer that wakes the consumers itself after its commit (the HJ 212 group commit, outbox-wake.ts) sets
      // qingshan.outbox_notify = 'off' in its transaction: a NOTIFY in a transaction takes PostgreSQL's one
      // notify-queue lock at commit, which would serialise the commits of every receiving node.
      await sql`create function qingshan_outbox_notify() returns trigger language plpgsql as $$
        begin
          if coalesce(current_setting('qingshan.outbox_notify', true), '') <> 'off' then
            perform pg_notify('qingshan_outbox', '');
          end if;
          return null;
        end $$`.execute(trx);
      await sql`create trigger outbox_notify after insert on outbox
        for each statement execute function qingshan_outbox_notify()`.execute(trx);
    }
  });
}

export async function down(db: AnyDb): Promise<void> {
  await atomic(db, async (trx) => {
    await trx.schema.dropTable('outbox_cursors').execute();
    await trx.schema.dropTable('outbox').execute();
    if (engineOf(trx) === 'postgres') await sql`drop function qingshan_outbox_notify()`.execute(trx);
  });
}
