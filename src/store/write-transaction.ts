import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';

/**
 * A transaction for read-then-write work that several nodes may run at once (job claims, the device-health
 * check): a plain transaction on PostgreSQL (row locks and conditional updates decide), BEGIN IMMEDIATE on SQLite
 * (the write lock from the start, so nothing commits between the reads and the writes). Inside a transaction
 * already, the body joins it.
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  body: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return body(db);
  if (engineOf(db) === 'postgres') return db.transaction().execute(body);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await body(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}
