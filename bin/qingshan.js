#!/usr/bin/env node
// Runs the compiled CLI (dist/cli, written by `npm run build:cli`, which `npm ci`, `npm start` and `npm test` run)
// when it is at least as new as every source file that went into it; otherwise the TypeScript sources through
// tsx, so a developer who edited a file (or checked out another branch) never runs stale code — only slower code
// until the next build. QINGSHAN_CLI=tsx forces the sources, QINGSHAN_CLI=dist the bundle.
import { readFileSync, statSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url);
const BUNDLE = new URL('dist/cli/qingshan.js', ROOT);

/** True when dist/cli holds a complete bundle no older than any of its inputs (src/build/build-cli.ts). */
function bundleIsFresh() {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', ROOT), 'utf8'));
    // A missing input throws, which counts as stale (a file was renamed or deleted since the build).
    return inputs.every((path) => statSync(new URL(path, ROOT)).mtimeMs <= built);
  } catch {
    return false;
  }
}

const choice = process.env.QINGSHAN_CLI;
let main;
if (choice === 'dist' || (choice !== 'tsx' && bundleIsFresh())) {
  ({ main } = await import(BUNDLE.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
