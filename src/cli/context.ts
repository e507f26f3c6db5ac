import { existsSync } from 'node:fs';
import { type Config, type ConfigOverrides, loadConfig, maskSecrets } from '#config/config.ts';
import { UserError } from '#services/errors.ts';
import { createLogger, type Logger } from '#services/logger.ts';
import type { Db } from '#store/open-db.ts';

/** Options every command accepts (set on the root program, read with optsWithGlobals). */
export interface GlobalOptions {
  db?: string;
  config?: string;
}

export function configFrom(global: GlobalOptions, overrides: ConfigOverrides = {}): Config {
  return loadConfig({
    ...(global.config ? { file: global.config } : {}),
    overrides: { db: global.db, ...overrides },
  });
}

export interface WithDbOptions {
  /**
   * True for the commands that may start a new SQLite database (import, users add, devices add, simulate
   * --register-devices). Every other command, and every read-only one, refuses a path where no file is: a typo in
   * --db must not leave an empty database behind and answer "no data" as if it were true (issue 12).
   */
  create?: boolean;
}

/** withDb for the commands that may start a new database (see WithDbOptions.create). */
export function withNewOrExistingDb<T>(
  global: GlobalOptions,
  work: (db: Db, log: Logger) => Promise<T>,
): Promise<T> {
  return withDb(global, work, { create: true });
}

/** The SQLite file `url` names, when it names one that does not exist (PostgreSQL and :memory: never do). */
export async function missingSqliteFile(url: string): Promise<string | undefined> {
  if (/^postgres(ql)?:\/\//.test(url)) return undefined;
  const { sqlitePathOf } = await import('#store/open-db.ts');
  const path = sqlitePathOf(url);
  return path === ':memory:' || existsSync(path) ? undefined : path;
}

/** Opens the configured database (migrated to the latest schema), runs `work`, and always closes it. */
export async function withDb<T>(
  global: GlobalOptions,
  work: (db: Db, log: Logger) => Promise<T>,
  options: WithDbOptions = {},
): Promise<T> {
  const config = configFrom(global);
  const log = createLogger(config.logLevel, 'cli');
  log.debug(`database ${maskSecrets(config.db)}`);
  const missing = options.create ? undefined : await missingSqliteFile(config.db);
  if (missing !== undefined) {
    throw new UserError(
      'no_database',
      `数据库不存在：${missing}（请检查 --db 或 QINGSHAN_DB；qingshan serve、import 或 users add 会新建）/ ` +
        `no database at ${missing} (check --db or QINGSHAN_DB; qingshan serve, import or users add creates one)`,
      404,
    );
  }
  // The database layer is loaded here, when a command needs it, so registering commands (and their --help) never
  // loads it (issue 12).
  const [{ openDb }, { migrateToLatest }, { seedPlaces }] = await Promise.all([
    import('#store/open-db.ts'),
    import('#store/migrate.ts'),
    import('#store/places.ts'),
  ]);
  const db = await openDb(config.db);
  try {
    await migrateToLatest(db.db);
    await seedPlaces(db.db);
    return await work(db, log);
  } finally {
    await db.close();
  }
}
