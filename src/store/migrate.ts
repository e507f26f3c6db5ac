import { type Kysely, type MigrationResult, Migrator, sql } from 'kysely';
import type { Database } from './database.ts';
import { engineOf } from './engine.ts';
import { staticMigrationProvider } from './migrations/index.ts';

export interface MigrateOptions {
  /** Called once per migration run (or failed); e.g. `console.log` from the CLI. Default: silent. */
  report?: (line: string) => void;
}

export class MigrationError extends Error {
  readonly results: readonly MigrationResult[];
  constructor(message: string, results: readonly MigrationResult[], cause: unknown) {
    super(message, { cause });
    this.name = 'MigrationError';
    this.results = results;
  }
}

/** On PostgreSQL the migration bookkeeping tables go into the current schema (search_path), not `public`. */
async function migrationTableSchema(db: Kysely<Database>): Promise<string | undefined> {
  if (engineOf(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}

/**
 * Bring the schema to the latest migration. Reports each migration; throws a MigrationError naming the
 * failed migration (the failed one is rolled back; earlier ones of the same run stay applied).
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  options: MigrateOptions = {},
): Promise<MigrationResult[]> {
  const schema = await migrationTableSchema(db);
  const migrator = new Migrator({
    db,
    provider: staticMigrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const r of results) {
    options.report?.(`migration ${r.migrationName}: ${r.status === 'Success' ? 'applied' : r.status}`);
  }
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed ? `migration ${failed} failed: ${reason}` : `migrations failed: ${reason}`,
      results,
      error,
    );
  }
  return results;
}
