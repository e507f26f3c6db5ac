import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainedEntry, canonicalJson, entryHash, GENESIS_HASH, verifyChain } from './hash-chain.ts';

function chain(contents: unknown[]): ChainedEntry[] {
  let prev = GENESIS_HASH;
  return contents.map((content, i) => {
    const hash = entryHash(prev, content);
    const e = { id: i + 1, prevHash: prev, hash, content };
    prev = hash;
    return e;
  });
}

describe('canonicalJson', () => {
  it('does not depend on key order, and keeps bytes as hex', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '淇滨'] })).toBe(
      canonicalJson({ a: [true, null, '淇滨'], b: 1 }),
    );
    expect(canonicalJson({ bytes: new Uint8Array([0x23, 0x23]) })).toBe('{"bytes":"hex:2323"}');
  });
});

describe('verifyChain', () => {
  const entries = chain([
    { actor: '张三', action: 'mark', entity: 'dust_day', id: '2025-04-02' },
    { actor: '李四', action: 'unmark', entity: 'dust_day', id: '2025-04-02' },
    { actor: 'admin', action: 'create', entity: 'user', id: '7' },
  ]);

  it('accepts an untouched chain', () => {
    expect(verifyChain(entries)).toEqual({ ok: true, count: 3, lastHash: entries[2]?.hash });
  });

  it('names the first altered entry', () => {
    const altered = entries.map((e) =>
      e.id === 2 ? { ...e, content: { ...(e.content as object), actor: '王五' } } : e,
    );
    expect(verifyChain(altered)).toMatchObject({
      ok: false,
      count: 1,
      firstBroken: { id: 2, reason: expect.stringMatching(/altered/) },
    });
  });

  it('names the entry after a removed one', () => {
    expect(verifyChain([entries[0], entries[2]] as ChainedEntry[])).toMatchObject({
      ok: false,
      firstBroken: { id: 3 },
    });
  });

  it('detects any single-field change anywhere in any chain (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.string(), n: fc.integer() }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        (contents, k) => {
          const c = chain(contents);
          const i = k % c.length;
          const target = c[i] as ChainedEntry;
          const tampered = [...c];
          tampered[i] = {
            ...target,
            content: {
              ...(target.content as { a: string; n: number }),
              n: (target.content as { n: number }).n + 1,
            },
          };
          const verdict = verifyChain(tampered);
          expect(verdict.ok).toBe(false);
          if (!verdict.ok) expect(verdict.firstBroken.id).toBe(target.id);
        },
      ),
    );
  });
});
