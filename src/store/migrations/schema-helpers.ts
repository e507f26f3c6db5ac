import type { Kysely } from 'kysely';
import { engineOf } from './engine-of.ts';

// Migrations are written against `Kysely<any>` on purpose: they must not depend on today's schema types.
// biome-ignore lint/suspicious/noExplicitAny: see above (Kysely's documented migration signature)
export type AnyDb = Kysely<any>;

/** A table whose first column is an auto-increment id: the one column definition that differs per engine. */
export function createAutoIdTable(db: AnyDb, table: string, type: 'integer' | 'bigint' = 'integer') {
  const builder = db.schema.createTable(table);
  return engineOf(db) === 'postgres'
    ? builder.addColumn('id', type, (col) => col.primaryKey().generatedByDefaultAsIdentity())
    : builder.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
}
