import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { Config } from '#config/config.ts';
import { DEFAULT_DB_PATH, sqlitePathOf } from '#store/open-db.ts';

/** Where the checkpoints of the hash chains go, and who signs them (issue 11). */
export interface CheckpointSettings {
  /** The Ed25519 private key (PKCS#8 PEM), outside the database. */
  keyFile: string;
  /** Its public key (SPKI PEM), written beside it: all a verifier needs. */
  publicKeyFile: string;
  /** The append-only file of signed checkpoints, one JSON line each. */
  checkpointFile: string;
  /** This node's name in its checkpoints. */
  node: string;
}

/**
 * The data folder: the SQLite file's folder, or ./data (the default database's folder) for PostgreSQL and an
 * in-memory SQLite.
 */
export function dataFolderOf(db: string): string {
  if (db.startsWith('postgres://') || db.startsWith('postgresql://')) return dirname(DEFAULT_DB_PATH);
  const path = sqlitePathOf(db);
  return dirname(path === ':memory:' ? DEFAULT_DB_PATH : path);
}

/** `checkpoint-key.pem` → `checkpoint-key.pub.pem`. */
export function publicKeyFileOf(keyFile: string): string {
  return `${keyFile.replace(/\.pem$/, '')}.pub.pem`;
}

export function checkpointSettings(
  config: Pick<Config, 'db' | 'checkpointKeyFile' | 'checkpointFile'>,
  node: string = hostname(),
): CheckpointSettings {
  const folder = dataFolderOf(config.db);
  const keyFile = config.checkpointKeyFile ?? join(folder, 'checkpoint-key.pem');
  return {
    keyFile,
    publicKeyFile: publicKeyFileOf(keyFile),
    checkpointFile: config.checkpointFile ?? join(folder, 'checkpoints.jsonl'),
    node: node || 'unknown',
  };
}
