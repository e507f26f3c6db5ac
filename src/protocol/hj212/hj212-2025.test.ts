/**
 * HJ 212-2025 rules as air-2026.md quotes them: RF, encrypted CP (附录A.2), a CP without its closing "&&", and
 * the Flag bits of a heartbeat. Property tests (fast-check) where the rule holds for any packet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hj212CrcHex } from './crc.ts';
import { decodePacket } from './decode.ts';
import { encodePacket, encodePacketString } from './encode.ts';
import { decodeFast } from './fast-decode.ts';
import { parseFlag } from './flag.ts';
import { createFrameSplitter } from './frame-splitter.ts';
import { createNodeSm4Ecb } from './sm4-node.ts';

// HJ 212-2025 附录A.2, verbatim (air-2026.md): key sixteen 0x30 bytes, MN 010000A8900016F000169DC0, PW 123456.
const A2_FIRST =
  '##0295QN=20240520210700000;ST=31;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&{0xE4,0x3E,0x15,0x9A,0xCF,0xAB,0x24,0x2C,0xB5,0x31,0x55,0xFB,0x8B,0x92,0x81,0xA1,0xA2,0x42,0x57,0x7A,0xBF,0xAE,0xD8,0x81,0xBE,0x88,0xB7,0x2D,0x69,0xFC,0x55,0xED,0x1A,0x80,0x11,0x9F,0xAA,0xC8,0xB3,0xCD,0x33,0xD2,0x85,0xCC,0x76,0xF5,0x7F,0x2C,0xA7,0xF8,0x8B,0x95,0x73,0xC6,0x64,0x7E,0x0F,0x07,0xE2,0x46,0x09,0xBD,0x6B,0x63,0xEB,0x20,0xC5,0xB9,0x78,0x4F,0x28,0xE7,0x1D,0x2F,0x49,0x94,0xFF,0x61,0xD9,0xE1,0xC2,0xB3,0x07,0x55,0x92,0xB4,0xD1,0xE0,0x9C,0x4D,0x8B,0xB2,0x7B,0xE9,0x7B,0x55,0x9E,0x3D,0xA6,0x64,0x37,0x81,0xA6,0xF4,0x77,0x76,0x9D,0xEE,0xB0,0x09,0xB1,0x0D,0xFF,0xF3,0x42,0x69,0x22,0x72,0x5D,0x60,0x7D,0xC4,0x48,0x0F,0x0C,0xAC,0x5F,0x70,0xDB,0x25,0x87,0xB1,0x24,0xBC,0xB2,0x81,0x59,0x27,0x21,0xD6,0xE4,0xBC,0x18,0x0A,0x97,0xE5,0xE1,0x11,0x49,0x9C,0xBE,0x82,0x2E,0x31,0xC8,0xD7,0x76,0x15,0x53,0x54,0x3A,0xA2,0x42,0x07,0xC2,0x90,0x99,0x7B,0xBD,0xE6,0x4F,0x92,0x66,0xBC,0x5F,0x52,0x9A,0x17,0x2E,0x38,0x1C,0x1D,0x89,0x8C,0xA1,0xA0,0xD7,0x71,0xA9,0x14,0xA7,0xB2,0xD7,0x46,0x7C,0x70,0xB9,0x4F,0x1D,0x4A,0x7B,0x03,0x50,0xA4,0x8D,0xBF,0x8B,0x41}&&2200';
const A2_SECOND =
  '##0234QN=20240520210700000;ST=31;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&{0xE4,0x3E,0x15,0x9A,0xCF,0xAB,0x24,0x2C,0xB5,0x31,0x55,0xFB,0x8B,0x92,0x81,0xA1,0xA2,0x42,0x57,0x7A,0xBF,0xAE,0xD8,0x81,0xBE,0x88,0xB7,0x2D,0x69,0xFC,0x55,0xED,0x1A,0x80,0x11,0x9F,0xAA,0xC8,0xB3,0xCD,0x33,0xD2,0x85,0xCC,0x76,0xF5,0x7F,0x2C,0xA7,0xF8,0x8B,0x95,0x73,0xC6,0x64,0x7E,0x0F,0x07,0xE2,0x46,0x09,0xBD,0x6B,0x63,0xEB,0x20,0xC5,0xB9,0x78,0x4F,0x28,0xE7,0x1D,0x2F,0x49,0x94,0xFF,0x61,0xD9,0xE1,0x3B,0x39,0x1A,0x1D,0x2A,0x45,0x4B,0x65,0x38,0x8D,0x5D,0x94,0x35,0xDB,0xF0,0x21,0x52,0x8C,0x7B,0xF9,0x75,0x5E,0xF1,0x65,0x18,0x71,0x0C,0x0C,0xAC,0x0A,0xDE,0xF9,0xC5,0x15,0x6C,0xD0,0xA5,0xA1,0x76,0x74,0xAC,0x0E,0xD2,0xAB,0xC4,0x00,0x23,0xE9,0xEF,0x70,0x12,0x85,0x54,0xB8,0x24,0x38,0xE9,0x1A,0xDC,0xE9,0x8A,0x0D,0x03,0xA4}g=N&&B541';
const sm4 = createNodeSm4Ecb(new Uint8Array(16).fill(0x30));

/** A frame with a correct length field and HJ 212-2017 附录A CRC around any ASCII segment. */
function frame(segment: string): Buffer {
  const len = String(Buffer.byteLength(segment)).padStart(4, '0');
  return Buffer.from(`##${len}${segment}${hj212CrcHex(segment)}\r\n`);
}

const HEADER = 'QN=20240520210700000;ST=22;CN=2051;PW=123456;MN=010000A8900016F000169DC0;Flag=9;';
const value = fc
  .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 999 }))
  .map(([i, f]) => `${i}.${f}`);
const cpBody = fc
  .uniqueArray(fc.tuple(fc.constantFrom('a34002', 'a34004', 'a21026', 'a21004', 'a05024', 'a21005'), value), {
    minLength: 1,
    maxLength: 6,
    selector: ([code]) => code,
  })
  .map(
    (items) =>
      `DataTime=20240520210000;${items.map(([code, v]) => `${code}-Avg=${v},${code}-Flag=N`).join(';')}`,
  );

describe('HJ 212-2025 附录A.2: the two encrypted examples (SM4-ECB, key 16 × 0x30)', () => {
  it.each([
    ['first', A2_FIRST, '2200', ['a01011', 'a01012', 'a01014']],
    ['second', A2_SECOND, 'B541', ['a01011', 'a01014']],
  ])('the %s decodes to its plaintext with the CRC accepted', (_n, text, crc, codes) => {
    const r = decodePacket(Buffer.from(`${text}\r\n`), { decryptCp: sm4.decrypt });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.crc).toMatchObject({ status: 'ok', found: crc, algorithm: 'hj212' });
    expect(r.packet.encrypted).toBe(true);
    expect(r.packet.cpText.startsWith('DataTime=20240520210600;a01011-Min=1.35,a01011-Avg=1.35')).toBe(true);
    expect(r.packet.cp.factors.map((f) => f.code)).toEqual(codes);
    // LLLL holds the plaintext length (0295 / 0234) while more is sent: a named deviation, not a rejection.
    expect(r.deviations.map((d) => d.code)).toEqual(['length-counts-plaintext']);
    expect(r.deviations[0]?.message).toMatch(/CR LF.*CRC over the decrypted segment/);
  });

  it('a stream of both frames splits on CR LF however it is cut into reads, though LLLL is too short (property)', () => {
    const stream = Buffer.from(`${A2_FIRST}\r\n${A2_SECOND}\r\n`);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const splitter = createFrameSplitter();
          const frames: string[] = [];
          let from = 0;
          for (const at of [...cuts.sort((a, b) => a - b), stream.length]) {
            frames.push(...splitter.push(stream.subarray(from, at)).frames.map((f) => f.toString()));
            from = at;
          }
          expect(frames).toEqual([`${A2_FIRST}\r\n`, `${A2_SECOND}\r\n`]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the second keeps its short plaintext tail "g=N" after the cipher blocks', () => {
    const r = decodePacket(Buffer.from(`${A2_SECOND}\r\n`), { decryptCp: sm4.decrypt });
    expect(r.ok && r.packet.cpText.endsWith('a01014-Flag=N')).toBe(true);
  });

  it('without the key it is refused as encrypted, with the MN readable for the receiver', () => {
    const r = decodePacket(Buffer.from(`${A2_FIRST}\r\n`));
    expect(!r.ok && r.reason.code).toBe('encrypted-no-key');
    expect(!r.ok && r.partial?.mn).toBe('010000A8900016F000169DC0');
  });

  it('any CP encrypted with the plaintext length in LLLL decodes to the same values (property)', () => {
    fc.assert(
      fc.property(cpBody, (cp) => {
        const input = { qn: '20240520210700000', st: '22', cn: '2051', pw: '123456', mn: 'M1', flag: 9, cp };
        const bytes = encodePacket(input, { encryptCp: sm4.encrypt, lengthCountsPlaintext: true });
        const r = decodePacket(bytes, { decryptCp: sm4.decrypt });
        expect(r.ok && r.packet.cpText).toBe(cp);
        expect(r.ok && r.crc.status).toBe('ok');
      }),
      { numRuns: 100 },
    );
  });
});

describe('HJ 212-2025 RF: "RF=1" marks a re-sent packet, absent otherwise', () => {
  it('RF=1 is a re-send, without deviation; no RF is not a re-send', () => {
    const resent = decodePacket(frame(`${HEADER}RF=1;CP=&&DataTime=20240520210000;a34002-Avg=1&&`));
    expect(resent.ok && resent.packet.resend).toBe(true);
    expect(resent.deviations).toEqual([]);
    // Re-sends come in bursts after an outage: RF=1 stays on the fast path; any other RF leaves it.
    const fast = decodeFast(frame(`${HEADER}RF=1;CP=&&DataTime=20240520210000;a34002-Avg=1&&`));
    expect(fast?.ok && fast.packet.resend).toBe(true);
    expect(decodeFast(frame(`${HEADER}RF=0;CP=&&DataTime=20240520210000;a34002-Avg=1&&`))).toBeUndefined();
    const plain = decodePacket(frame(`${HEADER}CP=&&DataTime=20240520210000;a34002-Avg=1&&`));
    expect(plain.ok && plain.packet.resend).toBeUndefined();
  });

  it('any other RF value is tolerated with a named warning, never a rejection (property)', () => {
    const rf = fc
      .string({ unit: fc.constantFrom(...'0123456789ABYN'.split('')), minLength: 1, maxLength: 3 })
      .filter((s) => s !== '1');
    fc.assert(
      fc.property(rf, cpBody, (v, cp) => {
        const r = decodePacket(frame(`${HEADER}RF=${v};CP=&&${cp}&&`));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.packet.resend).toBe(false);
        expect(r.deviations.map((d) => [d.code, d.detail])).toEqual([['rf-value', v]]);
        expect(r.packet.cpText).toBe(cp);
      }),
      { numRuns: 100 },
    );
  });
});

describe('a CP region whose closing "&&" is missing while length and CRC hold', () => {
  it('decodes, keeps every value and names the deviation (property)', () => {
    fc.assert(
      fc.property(cpBody, (cp) => {
        const closed = decodePacket(frame(`${HEADER}CP=&&${cp}&&`));
        const open = decodePacket(frame(`${HEADER}CP=&&${cp}`));
        expect(open.ok).toBe(true);
        if (!open.ok || !closed.ok) return;
        expect(open.packet.cp).toEqual(closed.packet.cp);
        expect(open.deviations.map((d) => d.code)).toEqual(['cp-unclosed']);
        expect(open.crc.status).toBe('ok');
      }),
      { numRuns: 200 },
    );
  });

  it('is still rejected when the CRC does not hold', () => {
    const good = frame(`${HEADER}CP=&&DataTime=20240520210000;a34002-Avg=1`).toString();
    const bad = `${good.slice(0, -6)}${good.slice(-6, -2) === '0000' ? '0001' : '0000'}\r\n`;
    const r = decodePacket(bad);
    expect(!r.ok && r.reason.code).toBe('crc-mismatch');
  });
});

describe('HJ 212-2025 Flag bits (bits 7–2 version 000010, bit 1 PNUM/PNO, bit 0 answer required)', () => {
  it.each([
    [8, false, false],
    [9, true, false],
    [10, false, true],
    [11, true, true],
  ])('Flag=%i: version 2025, answer %s, split %s', (v, ack, split) => {
    expect(parseFlag(v)).toMatchObject({ version: '2025', versionBits: 2, ackRequired: ack, split });
  });

  it('a 9015 heartbeat with an empty CP decodes as such', () => {
    const hb = encodePacketString({
      qn: '20260101000000000',
      st: '22',
      cn: '9015',
      pw: '123456',
      mn: 'M1',
      flag: 9,
      cp: '',
    });
    const r = decodePacket(hb);
    expect(r.ok && [r.packet.cn, r.packet.cpText, r.packet.flag?.ackRequired]).toEqual(['9015', '', true]);
  });
});
