import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CheckpointStatement,
  formatCheckpointLine,
  keyIdOf,
  parseCheckpointLine,
  type SignedCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint.ts';
import { GENESIS_HASH } from './hash-chain.ts';

const KEY = generateKeyPairSync('ed25519');
const OTHER = generateKeyPairSync('ed25519');
const HEAD = {
  chain: 'audit_log',
  headId: 42,
  headHash: 'ab'.repeat(32),
  at: '2026-12-05T13:00:00.000Z',
  node: 'qingshan-1',
};

describe('signCheckpoint / verifyCheckpoint', () => {
  it('signs a head that verifies with the public key alone, naming the key', () => {
    const cp = signCheckpoint(HEAD, KEY.privateKey);
    expect(cp).toMatchObject({ v: 1, ...HEAD, keyId: keyIdOf(KEY.publicKey) });
    expect(keyIdOf(KEY.privateKey)).toBe(keyIdOf(KEY.publicKey));
    expect(verifyCheckpoint(cp, KEY.publicKey)).toBe(true);
  });

  it('refuses another key’s checkpoint, even one that claims this key’s id', () => {
    const theirs = signCheckpoint(HEAD, OTHER.privateKey);
    expect(verifyCheckpoint(theirs, KEY.publicKey)).toBe(false);
    expect(verifyCheckpoint({ ...theirs, keyId: keyIdOf(KEY.publicKey) }, KEY.publicKey)).toBe(false);
  });

  it('signs an empty chain (no head row, the genesis hash)', () => {
    const cp = signCheckpoint({ ...HEAD, headId: null, headHash: GENESIS_HASH }, KEY.privateKey);
    expect(verifyCheckpoint(cp, KEY.publicKey)).toBe(true);
  });

  it.each([
    ['a hash that is not SHA-256 hex', { headHash: 'xyz' }],
    ['a time that is not ISO UTC', { at: '2026-12-05 13:00' }],
    ['an impossible time', { at: '2026-02-30T00:00:00.000Z' }],
    ['a fractional position', { headId: 1.5 }],
    ['a node name with a line break', { node: 'a\nb' }],
    ['an empty node name', { node: '' }],
    ['a chain name that is not one', { chain: 'Audit Log' }],
  ])('refuses to sign %s', (_, change) => {
    expect(() => signCheckpoint({ ...HEAD, ...change }, KEY.privateKey)).toThrow(RangeError);
  });
});

/** A different value of the same field, of the same type (so only the signature can tell). */
const changedField = fc.oneof(
  fc.constant<keyof SignedCheckpoint>('v'),
  fc.constant<keyof SignedCheckpoint>('chain'),
  fc.constant<keyof SignedCheckpoint>('headId'),
  fc.constant<keyof SignedCheckpoint>('headHash'),
  fc.constant<keyof SignedCheckpoint>('at'),
  fc.constant<keyof SignedCheckpoint>('node'),
  fc.constant<keyof SignedCheckpoint>('keyId'),
  fc.constant<keyof SignedCheckpoint>('sig'),
);

const hex = (n: number) =>
  fc
    .array(fc.integer({ min: 0, max: 15 }), { minLength: n, maxLength: n })
    .map((d) => d.map((x) => x.toString(16)).join(''));

const head = fc.record({
  chain: fc.constantFrom('audit_log', 'raw_packets'),
  headId: fc.option(fc.integer({ min: -5, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
  headHash: hex(64),
  at: fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }).map((ms) => new Date(ms).toISOString()),
  node: fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((s) => [...s].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)),
});

function mutate(cp: SignedCheckpoint, field: keyof SignedCheckpoint, seed: number): SignedCheckpoint {
  const flipHex = (s: string, i: number) => {
    const at = i % s.length;
    const c = s[at] === '0' ? '1' : '0';
    return s.slice(0, at) + c + s.slice(at + 1);
  };
  switch (field) {
    case 'v':
      return { ...cp, v: 2 as 1 };
    case 'chain':
      return { ...cp, chain: cp.chain === 'audit_log' ? 'raw_packets' : 'audit_log' };
    case 'headId':
      return { ...cp, headId: cp.headId === null ? seed : cp.headId === seed ? seed + 1 : seed };
    case 'headHash':
      return { ...cp, headHash: flipHex(cp.headHash, seed) };
    case 'at':
      return { ...cp, at: new Date(Date.parse(cp.at) + (seed % 1000) + 1).toISOString() };
    case 'node':
      return { ...cp, node: `${cp.node}x` };
    case 'keyId':
      return { ...cp, keyId: flipHex(cp.keyId, seed) };
    case 'sig': {
      const bytes = Buffer.from(cp.sig, 'base64');
      bytes[seed % bytes.length] = (bytes[seed % bytes.length] ?? 0) ^ (1 << (seed % 8));
      return { ...cp, sig: bytes.toString('base64') };
    }
  }
}

describe('any change to a signed field', () => {
  it('fails verification (property)', () => {
    fc.assert(
      fc.property(head, changedField, fc.nat({ max: 1_000_000 }), (h, field, seed) => {
        const cp = signCheckpoint(h, KEY.privateKey);
        expect(verifyCheckpoint(cp, KEY.publicKey)).toBe(true);
        const forged = mutate(cp, field, seed);
        expect(forged).not.toEqual(cp);
        expect(verifyCheckpoint(forged, KEY.publicKey)).toBe(false);
        // And through the file format: the forged line still parses (when well formed) and still fails.
        const parsed = parseCheckpointLine(formatCheckpointLine(forged));
        if (parsed.ok) expect(verifyCheckpoint(parsed.checkpoint, KEY.publicKey)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the line format', () => {
  it('round-trips a signed checkpoint through one line', () => {
    const cp = signCheckpoint(HEAD, KEY.privateKey);
    const line = formatCheckpointLine(cp);
    expect(line).not.toContain('\n');
    expect(line.startsWith('{"v":1,"chain":"audit_log","headId":42,')).toBe(true);
    const parsed = parseCheckpointLine(line);
    expect(parsed).toEqual({ ok: true, checkpoint: cp });
    if (parsed.ok) expect(verifyCheckpoint(parsed.checkpoint, KEY.publicKey)).toBe(true);
  });

  it.each([
    ['a torn line', (l: string) => l.slice(0, 40)],
    ['an extra field', (l: string) => l.replace('{', '{"extra":1,')],
    ['a missing field', (l: string) => l.replace(/,"node":"[^"]*"/, '')],
    ['an array', () => '[]'],
    ['a signature of the wrong length', (l: string) => l.replace(/"sig":"[^"]*"/, '"sig":"AAAA"')],
  ])('refuses %s', (_, damage) => {
    const line = formatCheckpointLine(signCheckpoint(HEAD, KEY.privateKey));
    expect(parseCheckpointLine(damage(line)).ok).toBe(false);
  });

  it('keeps the statement fields it signs (nothing signed is left out of the line)', () => {
    const cp = signCheckpoint(HEAD, KEY.privateKey);
    const statement: CheckpointStatement = { ...cp };
    const parsed = JSON.parse(formatCheckpointLine(cp)) as Record<string, unknown>;
    for (const key of Object.keys(statement)) expect(parsed).toHaveProperty(key);
  });
});
