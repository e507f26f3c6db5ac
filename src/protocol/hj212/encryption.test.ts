import { describe, expect, it } from 'vitest';
import { decodePacket } from './decode.ts';
import { encodePacket, encodePacketString, type PacketInput } from './encode.ts';
import { formatCipherText, isEncryptedCp, parseCipherText } from './encryption.ts';
import { createNodeSm4Ecb } from './sm4-node.ts';

const TEST_KEY = new Uint8Array(16).fill(0x30); // the 2025 standard's test key, 16 × 0x30 [M]
const sm4 = createNodeSm4Ecb(TEST_KEY);
const input: PacketInput = {
  qn: '20240601085857223',
  st: '31',
  cn: '2011',
  pw: '123456',
  mn: '010000A8900016F000169DC0',
  flag: 9,
  cp: {
    dataTime: '20240601085857',
    factors: [
      {
        code: 'a34013',
        fields: [
          { name: 'Rtd', text: '12.34' },
          { name: 'Flag', text: 'N' },
        ],
      },
    ],
  },
};

describe('HJ 212-2025 SM4 CP encryption [M]', () => {
  it('node SM4-ECB matches the GB/T 32907 test vector', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    expect(Buffer.from(createNodeSm4Ecb(key).encrypt(key)).toString('hex')).toBe(
      '681edf34d206965e86b3e94f536e4246',
    );
  });

  it('writes {0x..} blocks, keeps the short tail plain, and the CRC of the plaintext', () => {
    const plain = encodePacketString(input);
    const enc = encodePacketString(input, { encryptCp: sm4.encrypt });
    const cp = enc.slice(enc.indexOf('CP=&&') + 5, enc.lastIndexOf('&&'));
    expect(isEncryptedCp(cp)).toBe(true);
    // 'DataTime=20240601085857;a34013-Rtd=12.34,a34013-Flag=N' is 54 bytes: 3 blocks + 6 plain bytes.
    expect(cp.endsWith('}Flag=N')).toBe(true);
    expect(parseCipherText(cp)?.cipher).toHaveLength(48);
    expect(enc.slice(-6)).toBe(plain.slice(-6));
    expect(formatCipherText(Uint8Array.of(0xe4, 0x3e))).toBe('{0xE4,0x3E}');
  });

  it('detects encrypted CPs without a key and decrypts with one', () => {
    const bytes = encodePacket(input, { encryptCp: sm4.encrypt });
    const noKey = decodePacket(bytes);
    expect(!noKey.ok && noKey.reason.code).toBe('encrypted-no-key');
    expect(!noKey.ok && noKey.partial?.mn).toBe('010000A8900016F000169DC0');
    const r = decodePacket(bytes, { decryptCp: sm4.decrypt, crc: 'strict' });
    expect(r.ok && r.packet.encrypted).toBe(true);
    expect(r.ok && r.packet.cp.factors[0]?.flag).toBe('N');
    expect(r.ok && r.packet.version).toBe('2025');
  });

  it('accepts the plaintext length in LLLL, as the 2025 examples write it, as a deviation', () => {
    const bytes = encodePacket(input, { encryptCp: sm4.encrypt, lengthCountsPlaintext: true });
    const r = decodePacket(bytes, { decryptCp: sm4.decrypt });
    expect(r.ok && r.deviations.map((d) => d.code)).toEqual(['length-counts-plaintext']);
  });

  it('reports a wrong key as a CRC mismatch or decrypt failure, never a throw', () => {
    const other = createNodeSm4Ecb(new Uint8Array(16).fill(1));
    const r = decodePacket(encodePacket(input, { encryptCp: sm4.encrypt }), { decryptCp: other.decrypt });
    expect(r.ok).toBe(false);
    expect(!r.ok && ['crc-mismatch', 'decrypt-failed']).toContain(!r.ok && r.reason.code);
  });
});
