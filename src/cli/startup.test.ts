import { existsSync, mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { buildCli } from '../build/build-cli.ts';
import { QINGSHAN_BIN, runQingshan } from '../test-support/run-cli.ts';

/**
 * A module hook (node --import) that fails the process if the database layer is loaded: the drivers and the
 * query builder by name, our store by path (from the sources; in the bundle the store is inlined, so Kysely is
 * what shows it was loaded).
 */
const FORBID_DB = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
   register('data:text/javascript,' + encodeURIComponent(
     'export async function resolve(s, c, next) {' +
     '  if (/^(better-sqlite3|pg|kysely)(\\\\/|$)/.test(s) || /\\\\/src\\\\/store\\\\//.test(s)) throw new Error("database layer loaded: " + s);' +
     '  return next(s, c);' +
     '}'));`,
)}`;

const noDbFlags = { NODE_OPTIONS: `--import=${FORBID_DB}` };

describe('qingshan --version', () => {
  it('prints the package version', async () => {
    const { code, stdout } = await runQingshan(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(packageJson.version);
  });
});

describe('--version and every --help load no database layer', () => {
  // The compiled CLI from a fresh build in its own directory, so the test does not depend on dist/cli's state;
  // inside the repository, where its packages (node_modules) resolve.
  const out = fileURLToPath(new URL(`../../dist/cli-test-${process.pid}`, import.meta.url));
  beforeAll(() => buildCli(out), 120_000);
  afterAll(() => rm(out, { recursive: true, force: true }));

  /** Runs the bundle as bin/qingshan.js would (a runner beside it, so argv has node and script first). */
  const runBundle = async (args: string[], env: Record<string, string> = {}) => {
    const runner = join(out, 'run.mjs');
    await writeFile(
      runner,
      `const { main } = await import('./qingshan.js');\nprocess.exitCode = await main(process.argv);\n`,
    );
    const { execFile } = await import('node:child_process');
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [runner, ...args],
        { env: { ...process.env, QINGSHAN_DB: '', ...env } },
        (err, stdout, stderr) => resolve({ code: err ? ((err.code as number) ?? 1) : 0, stdout, stderr }),
      );
    });
  };

  it('the hook does catch a command that opens the database (so the checks below can fail)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'qs-db-')), 'q.sqlite');
    const { code, stderr } = await runBundle(['--db', db, 'sites'], noDbFlags);
    expect(code).not.toBe(0);
    expect(stderr).toContain('database layer loaded');
  });

  it.each([['--version'], ['--help'], ['help']])('compiled: qingshan %s', async (arg) => {
    const { code, stdout, stderr } = await runBundle([arg], noDbFlags);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(arg === '--version' ? /^\d+\.\d+\.\d+/ : /Commands:/);
  });

  /** Every command path of the CLI (`air`, `air report`, `hj212 quarantine`, …), from the program in full. */
  const commandPaths = async (): Promise<string[][]> => {
    const { buildProgram } = await import('./main.ts');
    const out: string[][] = [];
    const walk = (cmd: import('commander').Command, path: string[]) => {
      for (const sub of cmd.commands) {
        out.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(await buildProgram(), []);
    return out;
  };

  it('compiled: every sub-command’s --help (and help <command>) loads no database layer', async () => {
    const paths = await commandPaths();
    // The CLI's whole tree: at least the commands the issue names, and their sub-commands.
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'air report',
        'devices',
        'devices add',
        'users add',
        'audit verify',
        'serve',
        'simulate',
      ]),
    );
    const failures: string[] = [];
    for (const args of [
      ...paths.map((p) => [...p, '--help']),
      ...paths.map((p) => ['help', p[0] as string]),
    ]) {
      const { code, stdout, stderr } = await runBundle(args, noDbFlags);
      if (code !== 0 || stderr !== '' || !/Usage:/.test(stdout))
        failures.push(`qingshan ${args.join(' ')}: exit ${code} ${stderr.split('\n')[0]}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it.each([[['--version']], [['--help']], [['air', 'report', '--help']], [['devices', '--help']]])(
    'from the sources (tsx): qingshan %j',
    async (args) => {
      const { code, stderr } = await runQingshan(args, { ...noDbFlags, QINGSHAN_CLI: 'tsx' });
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );
});

describe('a read-only command never creates a database', () => {
  it.each([
    [['sites']],
    [['places']],
    [['air', 'report', '--from', '2026-06-01', '--to', '2026-06-03']],
    [['audit', 'verify']],
    [['devices', 'list']],
    [['users', 'list']],
  ])('qingshan %j against a path with no file: exit 2, says so, leaves nothing behind', async (args) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'qs-none-')), 'nested');
    const db = join(dir, 'qingshan.sqlite');
    const { code, stderr } = await runQingshan(['--db', db, ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(`数据库不存在：${db}`);
    expect(stderr).toContain(`no database at ${db}`);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('a command that may start one (users add) still does', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'qs-new-')), 'qingshan.sqlite');
    const { code } = await runQingshan([
      '--db',
      db,
      'users',
      'add',
      '--username',
      'admin1',
      '--name',
      'Admin',
      '--role',
      'office-admin',
      '--generate',
    ]);
    expect(code).toBe(0);
    expect(existsSync(db)).toBe(true);
  });
});

it('the bin exists where run-cli.ts says', () => {
  expect(existsSync(QINGSHAN_BIN)).toBe(true);
});
