import { type Config, loadConfig, maskSecrets } from '#config/config.ts';
import { createLogger, type Logger } from '#services/logger.ts';
import { migrateToLatest } from '#store/migrate.ts';
import { type Db, openDb } from '#store/open-db.ts';
import { seedPlaces } from '#store/places.ts';

/** Options every command accepts (set on the root program, read with optsWithGlobals). */
export interface GlobalOptions {
  db?: string;
  config?: string;
}

export function configFrom(global: GlobalOptions, overrides: Partial<Config> = {}): Config {
  return loadConfig({
    ...(global.config ? { file: global.config } : {}),
    overrides: { db: global.db, ...overrides },
  });
}

/** Opens the configured database (migrated to the latest schema), runs `work`, and always closes it. */
export async function withDb<T>(
  global: GlobalOptions,
  work: (db: Db, log: Logger) => Promise<T>,
): Promise<T> {
  const config = configFrom(global);
  const log = createLogger(config.logLevel, 'cli');
  log.debug(`database ${maskSecrets(config.db)}`);
  const db = await openDb(config.db);
  try {
    await migrateToLatest(db.db);
    await seedPlaces(db.db);
    return await work(db, log);
  } finally {
    await db.close();
  }
}
