import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './index.ts';
import { MIGRATIONS_DIR, migrationFiles, readManifest, sha256Of } from './seal.ts';

/** Issue 14: migrations are immutable once landed and import no live code. */
describe('landed migrations', () => {
  it('every file listed in landed.json still has its SHA-256 (a new migration, not an edit, changes a schema)', () => {
    const manifest = readManifest();
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(14);
    const changed = Object.entries(manifest)
      .filter(([file, hash]) => !migrationFiles().includes(file) || sha256Of(file) !== hash)
      .map(([file]) => file);
    expect(changed, 'write a new migration instead; landed.json is sealed by seal.ts').toEqual([]);
  });

  it('every numbered file is registered in index.ts, in order', () => {
    expect(Object.keys(MIGRATIONS).map((n) => `${n}.ts`)).toEqual(migrationFiles());
  });

  it('the migrations and their helpers import nothing outside src/store/migrations except kysely and node:', () => {
    const sources = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const outside: string[] = [];
    for (const file of sources) {
      const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      const specifiers = [
        ...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
        ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]/g),
        ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
      ].map((m) => m[1] ?? '');
      for (const s of specifiers) {
        const inside = s.startsWith('./') && !normalize(s).startsWith('..');
        if (!(inside || s === 'kysely' || s.startsWith('node:'))) outside.push(`${file}: ${s}`);
      }
    }
    expect(sources.length).toBeGreaterThanOrEqual(14);
    expect(outside, 'copy what a migration needs into it, frozen as it was when it landed').toEqual([]);
  });
});
