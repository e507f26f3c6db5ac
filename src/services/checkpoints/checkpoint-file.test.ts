import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendCheckpointLines, readCheckpointLines } from './checkpoint-file.ts';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'qs-cpf-')), 'sub', 'checkpoints.jsonl');

async function linesOf(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const { lineNo, line } of readCheckpointLines(file)) out.push(`${lineNo}:${line}`);
  return out;
}

describe('the checkpoint file', () => {
  it('is created on the first append and only ever grows at its end', async () => {
    const file = fileIn();
    expect(await linesOf(file)).toEqual([]);
    await appendCheckpointLines(file, ['{"a":1}', '{"a":2}']);
    await appendCheckpointLines(file, ['{"a":3}']);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
    expect(await linesOf(file)).toEqual(['1:{"a":1}', '2:{"a":2}', '3:{"a":3}']);
  });

  it('appends concurrent writes whole, one after the other', async () => {
    const file = fileIn();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendCheckpointLines(file, [`{"n":${i},"pad":"${'x'.repeat(300)}"}`]),
      ),
    );
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('ends a torn last line before appending, so the new line stays whole', async () => {
    const file = fileIn();
    await appendCheckpointLines(file, ['{"a":1}']);
    writeFileSync(file, '{"torn', { flag: 'a' });
    await appendCheckpointLines(file, ['{"a":2}']);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"torn\n{"a":2}\n');
  });

  it('refuses a line with a line break (one checkpoint, one line)', async () => {
    await expect(appendCheckpointLines(fileIn(), ['{"a":\n1}'])).rejects.toThrow(/line break/);
  });
});
