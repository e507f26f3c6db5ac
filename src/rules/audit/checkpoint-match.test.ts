import { describe, expect, it } from 'vitest';
import type { SignedCheckpoint } from './checkpoint.ts';
import { checkpointMatcher, contradicts } from './checkpoint-match.ts';
import { GENESIS_HASH } from './hash-chain.ts';

const h = (c: string) => c.repeat(64);
const cp = (headId: number | null, headHash: string, at = '2026-12-05T00:00:00.000Z'): SignedCheckpoint => ({
  v: 1,
  chain: 'audit_log',
  headId,
  headHash,
  at,
  node: 'n1',
  keyId: '0123456789abcdef',
  sig: 'x',
});

/** Feeds rows [id, hash] to a matcher as the chain's verifier would. */
function walk(checkpoints: SignedCheckpoint[], rows: [number, string][], intact = true) {
  const m = checkpointMatcher(checkpoints);
  for (const [id, hash] of rows) m.observe(id, hash);
  return m.finish(intact);
}

describe('checkpointMatcher', () => {
  const chain: [number, string][] = [
    [1, h('a')],
    [2, h('b')],
    [3, h('c')],
  ];

  it('holds checkpoints whose row still has the checkpointed hash', () => {
    const match = walk([cp(2, h('b')), cp(3, h('c')), cp(3, h('c'), '2026-12-06T00:00:00.000Z')], chain);
    expect(match).toEqual({ held: 3, findings: [] });
    expect(contradicts(match)).toBe(false);
  });

  it('names a row rewritten with the later hashes recomputed, after the last checkpoint that holds', () => {
    const rewritten: [number, string][] = [
      [1, h('a')],
      [2, h('e')],
      [3, h('f')],
    ];
    const match = walk([cp(2, h('b'))], rewritten);
    expect(match.findings).toEqual([
      { kind: 'rewritten', checkpoint: cp(2, h('b')), hashNow: h('e'), after: null },
    ]);
    expect(contradicts(match)).toBe(true);
    expect(walk([cp(1, h('a')), cp(3, h('c'))], rewritten)).toEqual({
      held: 1,
      findings: [{ kind: 'rewritten', checkpoint: cp(3, h('c')), hashNow: h('f'), after: 1 }],
    });
  });

  it('names a checkpointed row that is no longer in an intact chain (cut back)', () => {
    const match = walk([cp(3, h('c'))], chain.slice(0, 2));
    expect(match.findings).toEqual([{ kind: 'missing', checkpoint: cp(3, h('c')) }]);
    expect(contradicts(match)).toBe(true);
  });

  it('leaves checkpoints past a break unchecked (the break itself is the finding)', () => {
    const match = walk([cp(1, h('a')), cp(3, h('c'))], chain.slice(0, 1), false);
    expect(match).toEqual({ held: 1, findings: [{ kind: 'unchecked', checkpoint: cp(3, h('c')) }] });
    expect(contradicts(match)).toBe(false);
  });

  it('holds a checkpoint of an empty chain against any chain', () => {
    expect(walk([cp(null, GENESIS_HASH), cp(7, GENESIS_HASH)], [])).toEqual({ held: 2, findings: [] });
  });

  it('lists findings in chain order, then by time', () => {
    const late = cp(1, h('z'), '2026-12-07T00:00:00.000Z');
    const early = cp(1, h('y'), '2026-12-01T00:00:00.000Z');
    const match = walk([cp(3, h('x')), late, early], chain);
    expect(match.findings.map((f) => [f.checkpoint.headId, f.checkpoint.at])).toEqual([
      [1, early.at],
      [1, late.at],
      [3, '2026-12-05T00:00:00.000Z'],
    ]);
  });
});
