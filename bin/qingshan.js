#!/usr/bin/env node
// Runs the compiled CLI (dist/cli, written by `npm run build:cli`, which `npm ci`, `npm start` and `npm test` run)
// when it is at least as new as every source file that went into it; otherwise the TypeScript sources through
// tsx, so a developer who edited a file (or checked out another branch) never runs stale code — only slower code
// until the next build. QINGSHAN_CLI=tsx forces the sources, QINGSHAN_CLI=dist the bundle.
import { bundleIsFresh } from './fresh-bundle.js';

const ROOT = new URL('../', import.meta.url);
const choice = process.env.QINGSHAN_CLI;
let main;
if (choice === 'dist' || (choice !== 'tsx' && bundleIsFresh(ROOT))) {
  ({ main } = await import(new URL('dist/cli/qingshan.js', ROOT).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
