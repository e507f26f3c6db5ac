import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH } from '#rules/audit/hash-chain.ts';
import { type RawPacketHashedFields, rawPacketContent, rawPacketHash } from './raw-packet-chain.ts';

const base: RawPacketHashedFields = {
  id: 1,
  received_at: 1_767_225_600_123,
  peer: '10.0.0.5:40123',
  mn: '88888880000001',
  cn: '2011',
  qn: '20260101000000001',
  bytes: Buffer.from('##0101QN=20260101000000001;ST=22;CN=2011;PW=123456;MN=88888880000001;CP=&&&&ABCD\r\n'),
  verdict: 'stored',
  reason: null,
};

describe('rawPacketHash', () => {
  const cases: [string, Partial<RawPacketHashedFields>][] = [
    ['a stored packet', {}],
    ['nulls and missing fields', { mn: null, cn: undefined, qn: null, reason: undefined }],
    [
      'quotes, backslashes, CJK and control characters',
      { reason: 'CRC 不符 "x"\\\n\u0001', peer: '[::1]:1' },
    ],
    ['a large id and arbitrary bytes', { id: 2 ** 40 + 7, bytes: new Uint8Array([0, 255, 13, 10, 35, 35]) }],
    ['a view into a larger buffer', { bytes: new Uint8Array(Buffer.from('xx##abcyy')).subarray(2, 7) }],
  ];
  it.each(cases)('equals the audit chain entryHash over the canonical content: %s', (_, over) => {
    const p = { ...base, ...over };
    for (const prev of [GENESIS_HASH, 'f'.repeat(64)]) {
      expect(rawPacketHash(prev, p)).toBe(entryHash(prev, rawPacketContent(p)));
    }
  });

  it('changes with every hashed field and with the previous hash', () => {
    const h = rawPacketHash(GENESIS_HASH, base);
    const variants: Partial<RawPacketHashedFields>[] = [
      { id: 2 },
      { received_at: base.received_at + 1 },
      { peer: '10.0.0.5:40124' },
      { mn: null },
      { cn: '2051' },
      { qn: null },
      { bytes: Buffer.from(base.bytes).fill(0x41, 5, 6) },
      { verdict: 'duplicate' },
      { reason: '' },
    ];
    for (const v of variants) expect(rawPacketHash(GENESIS_HASH, { ...base, ...v })).not.toBe(h);
    expect(rawPacketHash('1'.repeat(64), base)).not.toBe(h);
  });

  it('refuses ids and times that are not integers', () => {
    expect(() => rawPacketHash(GENESIS_HASH, { ...base, id: 1.5 })).toThrow(RangeError);
    expect(() => rawPacketHash(GENESIS_HASH, { ...base, received_at: Number.NaN })).toThrow(RangeError);
  });
});
