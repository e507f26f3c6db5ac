import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The manifest of landed migrations (issue 14: a landed migration never changes). landed.json maps each numbered
 * migration file to the SHA-256 of its bytes; landed.test.ts fails when a listed file no longer has its hash.
 *
 * Seal a migration once it has landed on the main branch:  npx tsx src/store/migrations/seal.ts
 * Only files not yet listed are added; a listed hash is never rewritten by this command.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('.', import.meta.url));
export const MANIFEST_PATH = join(MIGRATIONS_DIR, 'landed.json');

/** Numbered migration files (0001-initial.ts …), not their helpers or tests. */
export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .sort();
}

export function sha256Of(file: string): string {
  return createHash('sha256')
    .update(readFileSync(join(MIGRATIONS_DIR, file)))
    .digest('hex');
}

export function readManifest(): Record<string, string> {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, string>;
}

/** Adds the unlisted migration files to the manifest; returns their names. */
export function seal(): string[] {
  const manifest = readManifest();
  const added = migrationFiles().filter((f) => !(f in manifest));
  for (const f of added) manifest[f] = sha256Of(f);
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(MANIFEST_PATH, `${JSON.stringify(sorted, null, 2)}\n`);
  return added;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const added = seal();
  console.log(added.length ? `sealed: ${added.join(', ')}` : 'nothing new to seal');
}
