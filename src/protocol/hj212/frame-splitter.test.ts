import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hj212CrcHex } from './crc.ts';
import { decodePacket } from './decode.ts';
import { createFrameSplitter, type SplitResult } from './frame-splitter.ts';

function frame(segment: string, tail = '\r\n'): string {
  return `##${String(Buffer.byteLength(segment)).padStart(4, '0')}${segment}${hj212CrcHex(segment)}${tail}`;
}
const P1 = frame(
  'QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&',
);
const P2 = frame('QN=20160801085857224;ST=32;CN=3020;PW=123456;MN=M1;Flag=5;CP=&&i11001-Info=//清洗管路//&&');
const GLUED = frame(
  'QN=20210722140000509;ST=31;CN=2061;PW=123456;MN=N1;Flag=4;CP=&&DataTime=20210722130000;a24088-Avg=0.0196&&',
  '',
);
const WRONG_LEN = `##0215${'QN=20180728132826005;ST=51;CN=2011;MN=01100010001000;PW=123456;Flag=0;CP=&&DataTime=20180726121201;CONC-Rtd=0.82&&FBB0'}\r\n`;

function collect(results: SplitResult[]): { frames: string[]; discarded: string } {
  return {
    frames: results.flatMap((r) => r.frames.map((f) => f.toString('latin1'))),
    discarded: results.flatMap((r) => r.discarded.map((d) => d.bytes.toString('latin1'))).join(''),
  };
}

function run(stream: Buffer, cuts: number[], maxPacketBytes?: number) {
  const s = createFrameSplitter(maxPacketBytes === undefined ? {} : { maxPacketBytes });
  const out: SplitResult[] = [];
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(s.push(stream.subarray(prev, c)));
    prev = c;
  }
  out.push(s.push(stream.subarray(prev)));
  out.push(s.flush());
  return collect(out);
}

describe('createFrameSplitter', () => {
  it('splits several packets per read, glued packets, wrong lengths and garbage', () => {
    const stream = Buffer.from(`junk${P1}${P2}${GLUED}${P1}\r\nxx${WRONG_LEN}#`, 'utf8');
    const s = createFrameSplitter();
    const r = collect([s.push(stream), s.flush()]);
    expect(r.frames).toEqual([P1, P2, GLUED, P1, WRONG_LEN].map((p) => Buffer.from(p).toString('latin1')));
    expect(r.discarded).toBe('junk\r\nxx#');
    expect(decodePacket(Buffer.from(r.frames[2] as string, 'latin1')).ok).toBe(true);
  });

  it('keeps a packet split across reads until it is complete', () => {
    const s = createFrameSplitter();
    const bytes = Buffer.from(P2);
    expect(s.push(bytes.subarray(0, 10)).frames).toEqual([]);
    expect(s.push(bytes.subarray(10, 60)).frames).toEqual([]);
    expect(s.buffered).toBe(60);
    expect(s.push(bytes.subarray(60)).frames.map((f) => f.equals(bytes))).toEqual([true]);
    expect(s.buffered).toBe(0);
  });

  it('caps oversized packets and resynchronises on the next "##"', () => {
    const huge = `##0010${'x'.repeat(500)}`;
    const s = createFrameSplitter({ maxPacketBytes: 200 });
    const r = s.push(Buffer.from(huge + P1));
    expect(r.discarded.map((d) => [d.reason, d.bytes.length])).toEqual([
      ['oversized', 200],
      ['garbage', huge.length - 200],
    ]);
    expect(r.frames.map((f) => f.toString())).toEqual([P1]);
  });

  it('gives the same frames however the stream is cut into reads', () => {
    const piece = fc.oneof(
      fc.constantFrom(P1, P2, GLUED, WRONG_LEN, '\r\n', '#', '##', 'garbage'),
      fc.string({ unit: fc.constantFrom('a', '#', '\r', '\n', '0', '9', '&', 'C'), maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, rawCuts) => {
          const stream = Buffer.from(pieces.join(''), 'utf8');
          const cuts = rawCuts.map((c) => (stream.length === 0 ? 0 : c % (stream.length + 1)));
          expect(run(stream, cuts, 300)).toEqual(run(stream, [], 300));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('loses no byte: frames and discarded bytes add up to the stream', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(P1, GLUED, 'zz', '#', '\r\n'), { maxLength: 10 }), (pieces) => {
        const stream = Buffer.from(pieces.join(''), 'utf8');
        const s = createFrameSplitter();
        const a = s.push(stream);
        const b = s.flush();
        const total = [
          ...a.frames,
          ...b.frames,
          ...a.discarded.map((d) => d.bytes),
          ...b.discarded.map((d) => d.bytes),
        ];
        expect(total.reduce((n, x) => n + x.length, 0)).toBe(stream.length);
      }),
    );
  });
});
