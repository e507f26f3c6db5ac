/**
 * The byte-level fast path (fast-decode.ts, fast-cp.ts) must give exactly the general decoder's result — same
 * values, same property order (JSON output), −0 kept — or decline. Packets are generated near the clean shape
 * and then bent with the oddities either path must notice, and framed with a correct length and CRC so that
 * the fast path really gets to judge the header and CP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hj212Crc16, hj212Crc16Bytewise, hj212Crc16Flagged, hj212CrcHex } from './crc.ts';
import { decodeGeneral, decodePacket } from './decode.ts';
import { decodeFast } from './fast-decode.ts';
import type { CrcPolicy } from './result-types.ts';

const frame = (segment: string, crc = hj212CrcHex(segment)): Buffer =>
  Buffer.from(`##${String(Buffer.byteLength(segment)).padStart(4, '0')}${segment}${crc}\r\n`);

/** JSON with undefined kept, so a missing `value: undefined` or a reordered key shows up. */
const json = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v === undefined ? '<undef>' : v));

/** Compare both paths; returns whether the fast path accepted the frame. */
function agree(buf: Buffer, crc: CrcPolicy = 'standard'): boolean {
  const general = decodeGeneral(buf, { crc });
  const fast = decodeFast(buf);
  if (fast !== undefined) {
    expect(fast).toStrictEqual(general);
    expect(json(fast)).toBe(json(general));
  }
  expect(json(decodePacket(buf, { crc }))).toBe(json(general));
  return fast !== undefined;
}

const NAMES = ['Rtd', 'Avg', 'Min', 'Max', 'Cou', 'Flag', 'ZsRtd', 'ZsAvg', 'ZsMin', 'ZsMax', 'EFlag'];
const arbName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...NAMES, 'SampleTime', 'Info', 'SN') },
  { weight: 1, arbitrary: fc.constantFrom('Rtx', 'Mix', 'Zs', 'ZsRtdX', 'Flags', 'rtd', 'M', 'Fl4g') },
);
const arbNumber = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => String(Number(x.toFixed(4)))),
  fc.constantFrom(
    '0',
    '-0',
    '-0.000',
    '0.0000',
    '12758.2462',
    '1e3',
    '1.5.3',
    '-',
    '',
    '.5',
    '5.',
    'N',
    '1234567890123456',
  ),
  fc.stringMatching(/^-?[0-9]{0,18}(\.[0-9]{0,6})?$/),
);
const arbCode = fc.constantFrom('a21026', 'a34002', 'w01018', 'a05024', '02', 'B02', 'S01', 'x', 'a21026-b');
/** Mostly the clean value, sometimes one of the odd ones. */
const mostly = (clean: string, ...odd: string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 12, arbitrary: fc.constant(clean) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });

const arbItem = fc.oneof(
  { weight: 60, arbitrary: fc.tuple(arbCode, arbName, arbNumber).map(([c, n, v]) => `${c}-${n}=${v}`) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'DataTime=20220928142812',
      'DataTime=20220928142812123',
      'DataTime=2022',
      // Impossible dates: both paths must refuse them alike (year 0000 was once stored as 1900).
      'DataTime=00000101000000',
      'DataTime=19691231235959',
      'DataTime=99991231230000',
      'DataTime=20230229000000',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('RtdInterval=30', 'QnRtn=1', '-x=1', 'Key=a=b', 'NoEquals', '') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('i11001-Info=//a;b,c//', 'a01-Rtd= 5', ' a01-Rtd=5', 'a01 -Rtd=5'),
  },
);
const arbCp = fc
  .array(fc.tuple(arbItem, fc.constantFrom(';', ',')), { maxLength: 12 })
  .map((items) => items.map(([it, sep], k) => (k === items.length - 1 ? it : it + sep)).join(''));

const arbHeader = fc
  .record({
    qn: mostly('QN=20220928142812336;', 'QN=2022;', '', 'QN=;'),
    st: mostly('ST=22;', 'ST=;', ''),
    cn: fc.constantFrom('CN=2011;', 'CN=2061;'),
    pw: mostly('PW=123456;', 'PW=12,34;', ''),
    mn: mostly('MN=JSRCTD000YD107;', 'MN=A B;', 'MN=x=y;'),
    flag: fc.constantFrom(
      'Flag=5;',
      'Flag=4;',
      'Flag=1;',
      'Flag=7;',
      'Flag=9;',
      'Flag=255;',
      'Flag=256;',
      '',
    ),
    split: mostly('', 'PNUM=2;PNO=1;', 'PNUM=1;PNO=2;', 'PNUM=0;PNO=1;', 'PNO=1;PNUM=2;'),
    extra: mostly('', 'RF=1;', 'RF=2;', 'RF=0;', 'XX=1;', 'ST=23;', ';'),
  })
  .map((h) => h.qn + h.st + h.cn + h.pw + h.mn + h.flag + h.split + h.extra);

const arbSegment = fc
  .tuple(arbHeader, arbCp, mostly('CP=&&', 'CP=&& ', 'CP=&&{0x', 'CP=&'), mostly('&&', '&&&', '&', ''))
  .map(([h, cp, open, close]) => `${h}${open}${cp}${close}`);

describe('decode fast path', () => {
  it('takes the typical 2011 and 2061 packets', () => {
    const rt =
      'QN=20220928142812336;ST=22;CN=2011;PW=123456;MN=JSRCTD000YD107;Flag=5;CP=&&DataTime=20220928142812;' +
      'a34002-Rtd=5,a34002-Flag=N;a21026-Rtd=-0.0,a21026-Flag=N&&';
    const hourly =
      'QN=20210722140000509;ST=31;CN=2061;PW=123456;MN=NEWPROTOCOLTEST000000092;Flag=5;CP=&&DataTime=20210722130000;' +
      'a01013-Min=-130.7116,a01013-Avg=-123.0723,a01013-Max=-115.9674,a01013-Flag=T;a00000-Cou=12758.2462,a00000-Flag=N&&';
    for (const seg of [rt, hourly]) expect(agree(frame(seg))).toBe(true);
    const r = decodePacket(frame(rt));
    expect(r.ok && Object.is(r.packet.cp.factors[1]?.fields[0]?.value, -0)).toBe(true);
  });

  it('agrees with the general decoder on generated packets, and takes most clean ones', () => {
    let taken = 0;
    fc.assert(
      fc.property(
        arbSegment,
        fc.constantFrom<CrcPolicy>('standard', 'strict', 'modbus', 'none'),
        (seg, crc) => {
          if (agree(frame(seg), crc)) taken++;
        },
      ),
      { numRuns: 4000 },
    );
    expect(taken).toBeGreaterThan(400);
  });

  it('agrees on clean packets bent by one inserted byte (reframed, so the CRC still matches)', () => {
    const base =
      'QN=20220928142812336;ST=22;CN=2011;PW=123456;MN=JSRCTD000YD107;Flag=5;CP=&&DataTime=20220928142812;' +
      'a34002-Rtd=5.25,a34002-Flag=N;a34004-Rtd=4,a34004-SampleTime=20220928142812;a01-Info=x&&';
    expect(agree(frame(base))).toBe(true);
    fc.assert(
      fc.property(fc.nat(base.length), fc.constantFrom(...';,=-& /{.0aé\t'), (at, ch) => {
        agree(frame(base.slice(0, at) + ch + base.slice(at)));
        agree(frame(base.slice(0, at) + base.slice(at + 1)));
      }),
      { numRuns: 3000 },
    );
  });

  it('declines frames the general decoder must judge', () => {
    const seg = 'QN=20220928142812336;ST=22;CN=2011;PW=123456;MN=X;Flag=5;CP=&&a01-Rtd=1&&';
    const good = frame(seg).toString('latin1');
    const crc = hj212CrcHex(seg);
    for (const bad of [
      good.replace(crc, crc.toLowerCase()),
      good.replace('\r\n', ''),
      `x${good}`,
      good.replace('##0', '##1'),
      frame(seg, '0000').toString('latin1'),
    ]) {
      const buf = Buffer.from(bad, 'latin1');
      if (bad !== good.replace(crc, crc.toLowerCase()) || /[a-f]/.test(crc))
        expect(decodeFast(buf)).toBe(undefined);
      agree(buf);
    }
  });

  it('agrees on every packet of hj212-samples.txt', () => {
    const path =
      process.env.HJ212_SAMPLES ??
      fileURLToPath(new URL('../../../../shared/standards/hj212-samples.txt', import.meta.url));
    if (!existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.startsWith('##')) continue;
      const buf = Buffer.from(`${line}\r\n`);
      agree(buf, 'none');
      const general = decodeGeneral(buf);
      // Every clean sample is taken, except the shape left to the general path on purpose (`//` log text).
      const clean = general.ok && general.deviations.length === 0 && !/=\/\//.test(line);
      expect(agree(buf) || !clean).toBe(true);
    }
  });
});

describe('folded CRC', () => {
  it('equals the byte-at-a-time 附录A loop for any bytes and offsets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
        const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
        expect(hj212Crc16(bytes, start, end)).toBe(hj212Crc16Bytewise(bytes, start, end));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads long segments by aligned words at any offset, and flags any byte ≥ 0x80', () => {
    const pool = new ArrayBuffer(1200);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 60, maxLength: 1000 }),
        fc.nat(7),
        fc.nat(9),
        fc.nat(9),
        fc.boolean(),
        (bytes, shift, a, b, ascii) => {
          // The same bytes at every alignment of the underlying buffer, as Buffer pool slices and socket chunks are.
          const view = new Uint8Array(pool, shift, bytes.length);
          view.set(ascii ? bytes.map((x) => x & 0x7f) : bytes);
          const start = Math.min(a, view.length);
          const end = Math.max(start, view.length - b);
          let high = false;
          for (let i = start; i < end; i++) if ((view[i] as number) >= 0x80) high = true;
          expect(hj212Crc16Flagged(view, start, end)).toBe(
            hj212Crc16Bytewise(view, start, end) | (high ? 0x10000 : 0),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
