// Whether the compiled CLI in `<root>/dist/cli` may run: plain JavaScript, so the check costs no compiler.
import { readFileSync, statSync } from 'node:fs';

/**
 * True when `<root>/dist/cli/qingshan.js` exists with its manifest (inputs.json, written last by
 * src/build/build-cli.ts) and no source file listed there is newer than the bundle. A listed file that is gone
 * (renamed, deleted) or an unreadable manifest counts as stale.
 * @param {URL} root the repository root, ending in '/'
 * @returns {boolean}
 */
export function bundleIsFresh(root) {
  try {
    const built = statSync(new URL('dist/cli/qingshan.js', root)).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    return inputs.length > 0 && inputs.every((path) => statSync(new URL(path, root)).mtimeMs <= built);
  } catch {
    return false;
  }
}
