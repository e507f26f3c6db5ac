import { type Kysely, PostgresAdapter, SqliteAdapter } from 'kysely';

/**
 * Which engine a Kysely instance talks to: the migrations' own copy of src/store/engine.ts (as it was when they
 * landed), because a landed migration imports nothing outside this folder except kysely (issue 14).
 */
export function engineOf<DB>(db: Kysely<DB>): 'sqlite' | 'postgres' {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`unsupported database adapter: ${adapter.constructor.name}`);
}
