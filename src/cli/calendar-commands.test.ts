import { describe, expect, it } from 'vitest';
import { runQingshan } from '../test-support/run-cli.ts';

const due = (...args: string[]) => runQingshan(['calendar', 'due', ...args]);

/** A module hook that fails the process if the database layer loads (as in startup.test.ts). */
const FORBID_DB = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
   register('data:text/javascript,' + encodeURIComponent(
     'export async function resolve(s, c, next) {' +
     '  if (/^(better-sqlite3|pg|kysely)(\\\\/|$)/.test(s) || /\\\\/src\\\\/store\\\\//.test(s)) throw new Error("database layer loaded: " + s);' +
     '  return next(s, c);' +
     '}'));`,
)}`;

describe('qingshan calendar due', () => {
  it.each([
    ['2025-09-30', '1', '2025-10-09'], // National Day and Mid-Autumn 1–8 Oct 2025
    ['2025-09-27', '1', '2025-09-28'], // Sunday 28 Sep 2025 is a make-up working day
    ['2026-02-13', '2', '2026-02-24'], // Saturday 14 Feb works, then Spring Festival 15–23 Feb 2026
    ['2025-06-09', '0', '2025-06-09'],
  ])('--from %s --working-days %s --format json prints {"due": "%s"}', async (from, n, expected) => {
    const { code, stdout, stderr } = await due('--from', from, '--working-days', n, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`{"due": "${expected}"}\n`);
    expect(JSON.parse(stdout)).toEqual({ due: expected });
  });

  it('needs no database: it runs with the database layer forbidden', async () => {
    const args = ['calendar', 'due', '--from', '2025-09-30', '--working-days', '1', '--format', 'json'];
    const { code, stdout, stderr } = await runQingshan(args, { NODE_OPTIONS: `--import=${FORBID_DB}` });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ due: '2025-10-09' });
    // and the hook does bite on a command that opens one
    const sites = await runQingshan(['--db', '/nonexistent/q.sqlite', 'sites'], {
      NODE_OPTIONS: `--import=${FORBID_DB}`,
    });
    expect(sites.stderr).toContain('database layer loaded');
  });

  it('--calendar-days counts every day (自然日)', async () => {
    const { code, stdout } = await due('--from', '2025-09-30', '--calendar-days', '60', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ due: '2025-11-29' });
  });

  it('the table format is a line in Chinese and English', async () => {
    const { code, stdout } = await due('--from', '2025-09-30', '--working-days', '1');
    expect(code).toBe(0);
    expect(stdout).toBe(
      '截止日 2025-10-09（周四）：2025-09-30 后第 1 个工作日 / due 2025-10-09 (Thu): 1 working day after 2025-09-30\n',
    );
  });

  it.each([
    [['--from', '2026-12-25', '--working-days', '10'], /not entered the 2027 schedule/],
    [['--from', '2022-06-01', '--working-days', '1'], /no holiday schedule for 2022/],
    [['--from', '2025-02-30', '--working-days', '1'], /bad date --from "2025-02-30"/],
    [['--from', '25-9-30', '--calendar-days', '1'], /bad date/],
    [['--from', '2025-09-30', '--working-days', '-1'], /whole number/],
    [['--from', '2025-09-30', '--working-days', '1.5'], /whole number/],
    [['--from', '2025-09-30'], /exactly one of --working-days or --calendar-days/],
    [['--from', '2025-09-30', '--working-days', '1', '--calendar-days', '1'], /exactly one/],
    [['--working-days', '1'], /--from/],
  ])('%j: exit 2 with a message', async (args, message) => {
    const { code, stdout, stderr } = await due(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
