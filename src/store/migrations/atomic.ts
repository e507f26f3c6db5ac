import type { Kysely } from 'kysely';

/**
 * Run a migration's body in one transaction on every engine. Kysely's Migrator already wraps each migration
 * in a transaction on PostgreSQL, but not on SQLite (its adapter reports no transactional DDL, although
 * SQLite has it) — there we open the transaction ourselves, so a failed migration leaves nothing behind.
 */
export async function atomic<DB>(db: Kysely<DB>, body: (db: Kysely<DB>) => Promise<void>): Promise<void> {
  if (db.isTransaction) await body(db);
  else await db.transaction().execute(body);
}
