import { describe, expect, it } from 'vitest';
import { runQingshan } from '../test-support/run-cli.ts';

// The real `qingshan sample`, which needs no database (none is named here, so none could be opened).

/** Rivest's sampler.py (November 14, 2011) docstring transcript: seed, a = 1, b = 876, no duplicates, n = 47. */
const RIVEST_SEED = '3546311556112163624615351222';
const RIVEST_PICKS = [
  740, 180, 264, 789, 238, 448, 272, 611, 761, 208, 596, 88, 160, 113, 766, 427, 184, 816, 653, 411, 779, 331,
  339, 487, 594, 235, 65, 527, 821, 490, 461, 251, 471, 414, 174, 567, 300, 134, 144, 357, 786, 792, 218, 550,
  787, 537, 197,
];

const errorLine = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('qingshan: ')) ?? '';

describe('qingshan sample', () => {
  it("recomputes Rivest's published draw from its record (seed, N, K) as JSON", async () => {
    const { code, stdout, stderr } = await runQingshan([
      'sample',
      '--seed',
      RIVEST_SEED,
      '--population',
      '876',
      '--count',
      '47',
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ picks: RIVEST_PICKS });
  });

  it('draws with replacement on request (cjerdonek/rivest-sampler-tests: seed "0", total 2)', async () => {
    const { code, stdout } = await runQingshan([
      'sample',
      '--seed',
      '0',
      '--population',
      '2',
      '--count',
      '3',
      '--with-replacement',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ picks: [1, 1, 2] });
  });

  it('prints a table with the seed echoed, the picks in draw order and sorted', async () => {
    const { code, stdout } = await runQingshan([
      'sample',
      '--seed',
      RIVEST_SEED,
      '--population',
      '876',
      '--count',
      '3',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(`种子 / seed: ${RIVEST_SEED}`);
    expect(stdout).toContain('总体 N = 876，抽取 K = 3，不放回 / without replacement');
    const rows = stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((cells) => cells.length === 2 && /^\d+$/.test(cells[0] ?? ''));
    expect(rows).toEqual([
      ['1', '740'],
      ['2', '180'],
      ['3', '264'],
    ]);
    expect(stdout).toContain('排序后 / sorted: 180, 264, 740');
  });

  it.each([
    [
      ['--seed', '1', '--population', '3', '--count', '4'],
      'qingshan: 不放回抽样时抽取数 K（4）不能大于总体数 N（3）/ without replacement the count K (4) cannot exceed the population N (3)',
    ],
    [
      ['--seed', '1', '--population', '1e3', '--count', '4'],
      'qingshan: --population 须为非负整数，收到 "1e3" / --population must be a whole number, got "1e3"',
    ],
    [
      ['--seed', '1', '--population', '10', '--count', '-1'],
      'qingshan: --count 须为非负整数，收到 "-1" / --count must be a whole number, got "-1"',
    ],
    [
      ['--seed', ' ', '--population', '10', '--count', '1'],
      'qingshan: 种子不能为空 / the seed must not be empty',
    ],
    [
      ['--seed', '1', '--population', '0', '--count', '0'],
      'qingshan: 总体数 N 须为 1 至 10000000 的整数 / the population N must be a whole number from 1 to 10000000',
    ],
    [
      ['--seed', '1', '--population', '10', '--count', '100001', '--with-replacement'],
      'qingshan: 抽取数 K 须为 0 至 100000 的整数 / the count K must be a whole number from 0 to 100000',
    ],
    [
      ['--population', '10', '--count', '1'],
      "qingshan: 必须给出选项 '--seed <text>' / required option '--seed <text>' not specified",
    ],
  ])('refuses %j with exit 2 and a message in both languages', async (args, message) => {
    const { code, stdout, stderr } = await runQingshan(['sample', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(errorLine(stderr)).toBe(message);
  });
});
