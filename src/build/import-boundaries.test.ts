import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The boundaries of biome.json (issue 14): src/rules imports only rules, src/protocol only protocol. The probes
 * run the project's own biome.json and Biome binary in a scratch copy of the folder layout, so the check is the
 * one `npm test` runs, and no stray file ever appears under src/ while other suites read it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const biome = join(root, 'node_modules', '.bin', 'biome');
const run = promisify(execFile);

type Probe = { file: string; from: string; allowed: boolean; form?: 'import' | 'export' | 'dynamic' };

const probes: Probe[] = [
  // A context folder under src/rules (one level deep).
  { file: 'src/rules/air/probe-store.ts', from: '#store/x.ts', allowed: false },
  { file: 'src/rules/air/probe-store-export.ts', from: '#store/x.ts', allowed: false, form: 'export' },
  { file: 'src/rules/air/probe-store-dynamic.ts', from: '#store/x.ts', allowed: false, form: 'dynamic' },
  { file: 'src/rules/air/probe-services.ts', from: '#services/air-reports.ts', allowed: false },
  { file: 'src/rules/air/probe-config.ts', from: '#config/config.ts', allowed: false },
  { file: 'src/rules/air/probe-contract.ts', from: '#contract/dashboard.ts', allowed: false },
  { file: 'src/rules/air/probe-platform.ts', from: '#platform/outbox.ts', allowed: false },
  { file: 'src/rules/air/probe-relative-out.ts', from: '../../store/x.ts', allowed: false },
  { file: 'src/rules/air/probe-relative-far.ts', from: '../../../package.json', allowed: false },
  { file: 'src/rules/air/probe-rules-alias.ts', from: '#rules/access/roles.ts', allowed: true },
  { file: 'src/rules/air/probe-sibling.ts', from: '../access/roles.ts', allowed: true },
  { file: 'src/rules/air/probe-same.ts', from: './aqi.ts', allowed: true },
  { file: 'src/rules/air/probe-node.ts', from: 'node:crypto', allowed: true },
  { file: 'src/rules/air/probe-npm.ts', from: 'fast-check', allowed: true },
  // Directly in src/rules, and two levels deep.
  { file: 'src/rules/probe-top-out.ts', from: '../store/x.ts', allowed: false },
  { file: 'src/rules/probe-top-in.ts', from: './air/aqi.ts', allowed: true },
  { file: 'src/rules/air/deeper/probe-up-in.ts', from: '../../access/roles.ts', allowed: true },
  { file: 'src/rules/air/deeper/probe-up-out.ts', from: '../../../store/x.ts', allowed: false },
  // src/protocol: not even rules.
  { file: 'src/protocol/hj212/probe-rules-alias.ts', from: '#rules/air/aqi.ts', allowed: false },
  { file: 'src/protocol/hj212/probe-rules-relative.ts', from: '../../rules/air/aqi.ts', allowed: false },
  { file: 'src/protocol/hj212/probe-store.ts', from: '#store/x.ts', allowed: false },
  { file: 'src/protocol/hj212/probe-same.ts', from: './crc.ts', allowed: true },
  { file: 'src/protocol/hj212/probe-node.ts', from: 'node:crypto', allowed: true },
  // Elsewhere the rule does not apply.
  { file: 'src/services/probe-store.ts', from: '#store/x.ts', allowed: true },
];

function source(p: Probe): string {
  if (p.form === 'export') return `export { a } from '${p.from}';\n`;
  if (p.form === 'dynamic') return `export const b = await import('${p.from}');\n`;
  return `import { a } from '${p.from}';\n\nexport const b = a;\n`;
}

let scratch = '';
let flagged = new Set<string>();

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'qingshan-boundaries-'));
  copyFileSync(join(root, 'biome.json'), join(scratch, 'biome.json'));
  for (const p of probes) {
    mkdirSync(join(scratch, dirname(p.file)), { recursive: true });
    writeFileSync(join(scratch, p.file), source(p));
  }
  // Biome exits non-zero when it finds errors: the report is on stdout either way.
  const out = await run(biome, ['lint', '--reporter=json', ...probes.map((p) => p.file)], {
    cwd: scratch,
  }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  const report = JSON.parse(out.stdout) as {
    diagnostics: { category: string; location: { path: string } }[];
  };
  flagged = new Set(
    report.diagnostics
      .filter((d) => d.category === 'lint/style/noRestrictedImports')
      .map((d) => d.location.path.replaceAll('\\', '/')),
  );
}, 60_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('biome.json keeps src/rules and src/protocol free of the rest of the codebase', () => {
  it.each(probes)('$file importing $from: allowed=$allowed', (p) => {
    expect(flagged.has(p.file)).toBe(!p.allowed);
  });
});
