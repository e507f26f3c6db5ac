import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleIsFresh } from '../../bin/fresh-bundle.js';

/** A repository root with one source file and a bundle, each with the given modification time (seconds). */
function tree(sourceAt: number, bundleAt: number | undefined, inputs: string[] = ['src/a.ts']) {
  const root = mkdtempSync(join(tmpdir(), 'qs-fresh-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'dist/cli'), { recursive: true });
  writeFileSync(join(root, 'src/a.ts'), 'export {};');
  utimesSync(join(root, 'src/a.ts'), sourceAt, sourceAt);
  if (bundleAt !== undefined) {
    writeFileSync(join(root, 'dist/cli/qingshan.js'), 'export {};');
    utimesSync(join(root, 'dist/cli/qingshan.js'), bundleAt, bundleAt);
    writeFileSync(join(root, 'dist/cli/inputs.json'), JSON.stringify({ inputs }));
  }
  return pathToFileURL(`${root}/`);
}

describe('bundleIsFresh (bin/qingshan.js runs the bundle only then, else the sources through tsx)', () => {
  it('a bundle built after its sources is fresh', () => {
    expect(bundleIsFresh(tree(1_000, 2_000))).toBe(true);
  });
  it('a source edited after the build makes it stale', () => {
    expect(bundleIsFresh(tree(3_000, 2_000))).toBe(false);
  });
  it('no bundle, or a source it lists that is gone, is stale', () => {
    expect(bundleIsFresh(tree(1_000, undefined))).toBe(false);
    expect(bundleIsFresh(tree(1_000, 2_000, ['src/a.ts', 'src/gone.ts']))).toBe(false);
  });
});
