/**
 * CLI start-up (issue 12): `qingshan --version` and `qingshan --help` from the TypeScript sources through tsx
 * (before) and from the compiled bundle in dist/cli (after), against `node -e 0` on the same machine.
 * Goal: the compiled `--version` within 8 × `node -e 0` (well under half a second).
 *
 *   npm run build:cli && npx tsx bench/cli-startup-bench.ts [--runs 10]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BIN = fileURLToPath(new URL('../bin/qingshan.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/cli/qingshan.js', import.meta.url));

/** Wall-clock milliseconds of each of `runs` runs of `node …args` (after one unmeasured warm-up run). */
function timeRuns(args: string[], env: Record<string, string>, runs: number): number[] {
  const run = () => {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  run();
  return Array.from({ length: runs }, run);
}

const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const ms = (n: number) => `${Math.round(n)} ms`;

export function runCliStartupBench(runs: number, log: (line: string) => void): void {
  if (!existsSync(BUNDLE)) log('!!! dist/cli/qingshan.js missing: run `npm run build:cli` first');
  const baseline = timeRuns(['-e', '0'], {}, runs);
  log(`node -e 0: best ${ms(best(baseline))}, median ${ms(median(baseline))} (${runs} runs)`);
  for (const [label, cli] of [
    ['before: sources through tsx', 'tsx'],
    ['after: compiled dist/cli', 'dist'],
  ] as const) {
    for (const arg of ['--version', '--help']) {
      const t = timeRuns([BIN, arg], { QINGSHAN_CLI: cli }, runs);
      log(
        `  ${label.padEnd(28)} qingshan ${arg.padEnd(9)} best ${ms(best(t))}, median ${ms(median(t))}` +
          ` = ${(median(t) / median(baseline)).toFixed(1)} × node -e 0 (median)` +
          (cli === 'dist' && arg === '--version' ? ' (goal ≤ 8 ×)' : ''),
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
  runCliStartupBench(Number(values.runs), (line) => console.log(line));
}
