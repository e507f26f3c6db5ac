import type { Command } from 'commander';
import { UserError } from '#services/errors.ts';
import { addFormatOption, print } from './command-helpers.ts';

const SAMPLE_DESCRIPTION =
  '随机抽查 / Rivest SHA-256 sampler: a draw anyone can recompute from its seed (spot-checks)';

/** A whole number as typed: digits only, so "1e3", "10.0" and " 5" are refused rather than guessed at. */
function wholeNumber(text: string | undefined, option: string): number {
  if (text === undefined || !/^\d{1,15}$/.test(text)) {
    throw new UserError(
      'bad_arguments',
      `${option} 须为非负整数，收到 "${text ?? ''}" / ${option} must be a whole number, got "${text ?? ''}"`,
    );
  }
  return Number(text);
}

/**
 * `qingshan sample --seed TEXT --population N --count K [--with-replacement]` (issue 15, the ≥ 10 % spot-check):
 * recomputes a draw from what its audit record holds. It needs no database.
 */
export function registerSampleCommands(program: Command): void {
  addFormatOption(
    program
      .command('sample')
      .description(SAMPLE_DESCRIPTION)
      .requiredOption('--seed <text>', '种子（公开记录的骰子点数或文件哈希）/ the recorded public seed')
      .requiredOption('--population <n>', '总体数 N：从 1..N 中抽取 / positions 1..N to draw from')
      .requiredOption('--count <k>', '抽取数 K / how many picks')
      .option('--with-replacement', '放回抽样（可重复）/ sample with replacement (picks may repeat)', false),
  ).action(async (opts: Record<string, string | boolean | undefined>) => {
    const seed = opts.seed as string;
    const population = wholeNumber(opts.population as string | undefined, '--population');
    const count = wholeNumber(opts.count as string | undefined, '--count');
    const withReplacement = opts.withReplacement === true;
    // Loaded here, not at registration, like every command's work (startup.test.ts).
    const { rivestSample, SamplerInputError } = await import('#rules/sampling/rivest-sampler.ts');
    let picks: number[];
    try {
      picks = rivestSample({ seed, population, count, withReplacement });
    } catch (err) {
      if (err instanceof SamplerInputError) throw new UserError('bad_arguments', err.message);
      throw err;
    }
    print(
      {
        json: { picks },
        rows: picks.map((pick, i) => ({ '序号 #': i + 1, '抽中位置 position': pick })),
        title: [
          `种子 / seed: ${seed}`,
          `总体 N = ${population}，抽取 K = ${count}，${withReplacement ? '放回 / with replacement' : '不放回 / without replacement'}`,
          '算法 / method: Rivest sampler.py (2011): SHA-256(seed + "," + i) mod N + 1',
        ].join('\n'),
        footer: [`排序后 / sorted: ${[...picks].sort((a, b) => a - b).join(', ')}`],
      },
      opts.format,
    );
  });
}
