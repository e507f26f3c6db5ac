import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The real `qingshan` entry point, run as `npx qingshan` runs it after `npm ci`. */
export const QINGSHAN_BIN = fileURLToPath(new URL('../../bin/qingshan.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const run = promisify(execFile);

/**
 * Runs `qingshan …args` in a child process and returns its exit code and output (never throws on a non-zero exit).
 * QINGSHAN_DB is cleared so a developer's environment cannot point the test at a real database.
 */
export async function runQingshan(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [QINGSHAN_BIN, ...args], {
      env: { ...process.env, QINGSHAN_DB: '', ...env },
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
