import { readdirSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config, { testFilePatterns } from '../../vitest.config.ts';

/** Issue 14: *.test.tsx files were silently skipped because the include list named only *.test.ts. */
const root = fileURLToPath(new URL('../..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory())
      return e.name === 'node_modules' || e.name === '__snapshots__' ? [] : testFiles(path);
    return /\.test\.[^/]+$/.test(e.name) ? [path] : [];
  });
}

describe('every test file runs', () => {
  it('the config vitest loads uses the checked patterns', () => {
    expect(config.test?.include).toEqual(testFilePatterns);
  });

  it('each *.test.* file under src and bench is matched by the vitest include patterns', () => {
    const files = [...testFiles('src'), ...testFiles('bench')];
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('src/web/components/pollutant.test.tsx');
    const skipped = files.filter((f) => !testFilePatterns.some((p) => matchesGlob(f, p)));
    expect(skipped, `rename them or widen the include list in vitest.config.ts`).toEqual([]);
  });
});
