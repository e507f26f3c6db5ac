import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CpInput } from './cp-serialize.ts';
import { formatDataTime } from './data-time.ts';
import { decodePacket } from './decode.ts';
import { encodePacket, encodePacketString, encodePackets, type PacketInput, splitPacket } from './encode.ts';
import { buildFlag } from './flag.ts';
import { createReassembler } from './reassembler.ts';
import {
  buildDataAck,
  buildExecutionAnswer,
  buildHeartbeat,
  buildNotifyAnswer,
  buildRequestAnswer,
} from './responses.ts';
import type { Hj212Packet } from './types.ts';

const safeText = (min = 0) =>
  fc
    .string({
      unit: fc.constantFrom(...'0123456789ABCDEFabcxyz.-+_ 清洗管路数据超标'.split('')),
      minLength: min,
      maxLength: 12,
    })
    .filter((s) => s.trim() === s);
const name = fc.string({
  unit: fc.constantFrom(...'abcwSBiLAZsRtdvgMnx0123456789'.split('')),
  minLength: 1,
  maxLength: 8,
});
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n });
const FIELD_NAMES = [
  'Rtd',
  'Avg',
  'Min',
  'Max',
  'Cou',
  'ZsRtd',
  'ZsAvg',
  'ZsMin',
  'ZsMax',
  'Flag',
  'EFlag',
  'SampleTime',
  'Info',
  'SN',
  'RS',
];

const field = fc.oneof(
  fc.record({
    name: fc.constantFrom('Rtd', 'Avg', 'Min', 'Max', 'Cou', 'ZsRtd'),
    text: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((v) => String(v)),
  }),
  fc.record({ name: fc.constantFrom(...FIELD_NAMES), text: safeText(1) }),
  fc.record({
    name: fc.constant('Info'),
    text: fc
      .string({ unit: fc.constantFrom(...'日志;,=a b1'.split('')), minLength: 1, maxLength: 20 })
      .filter((s) => !s.endsWith('/')),
  }),
);
const factor = fc.record({
  code: name.filter((s) => s !== 'DataTime'),
  fields: fc.array(field, { minLength: 1, maxLength: 5 }),
});
const cp: fc.Arbitrary<CpInput> = fc.record({
  dataTime: fc.option(
    fc.integer({ min: 0, max: 4e12 }).map((ms) => formatDataTime(ms)),
    { nil: undefined },
  ),
  params: fc.array(fc.record({ key: name.filter((k) => k !== 'DataTime'), text: safeText(1) }), {
    maxLength: 4,
  }),
  factors: fc.uniqueArray(factor, { selector: (f) => f.code, maxLength: 6 }),
});
const packet: fc.Arbitrary<PacketInput> = fc.record({
  qn: digits(17),
  st: fc.constantFrom('22', '31', '32', '91'),
  cn: fc.constantFrom('2011', '2051', '2061', '3020', '9014'),
  pw: safeText(0).filter((s) => !s.includes(' ')),
  mn: digits(24),
  flag: fc.constantFrom(4, 5, 8, 9),
  resend: fc.constantFrom(false, true),
  cp,
});

/** The model a decoder should give back for an input (numbers derived from text; flags; 2017/2025). */
function cpOf(p: Hj212Packet) {
  return {
    dataTime: p.cp.dataTime?.text,
    params: p.cp.params,
    factors: p.cp.factors.map((f) => ({
      code: f.code,
      fields: f.fields.map(({ name, text }) => ({ name, text })),
    })),
  };
}

describe('encodePacket', () => {
  it('writes the Appendix A example byte for byte', () => {
    const s = encodePacketString({
      qn: '20160801085857223',
      st: '32',
      cn: '1062',
      pw: '100000',
      mn: '010000A8900016F000169DC0',
      flag: 5,
      cp: { params: [{ key: 'RtdInterval', text: '30' }] },
    });
    expect(s).toBe(
      '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n',
    );
  });

  it('round-trips random packets, Chinese text and every field kind included', () => {
    fc.assert(
      fc.property(packet, (input) => {
        const r = decodePacket(encodePacket(input), { crc: 'strict' });
        if (!r.ok) throw new Error(JSON.stringify(r.reason));
        const c = input.cp as CpInput;
        expect(cpOf(r.packet)).toEqual({ dataTime: c.dataTime, params: c.params, factors: c.factors });
        expect(r.packet).toMatchObject({
          qn: input.qn,
          st: input.st,
          cn: input.cn,
          pw: input.pw,
          mn: input.mn,
        });
        expect(r.packet.flag?.value).toBe(input.flag);
        expect(r.packet.resend === true).toBe(input.resend);
        // A decoded packet re-encodes to the same bytes.
        expect(encodePacket(r.packet).equals(encodePacket(input))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects unencodable input', () => {
    expect(() => encodePacket({ st: '22', cn: '2011', mn: 'M;1', cp: '' })).toThrow(/MN/);
    expect(() =>
      encodePacket({ st: '22', cn: '2011', mn: 'M', cp: { params: [{ key: 'A', text: 'x;y' }] } }),
    ).toThrow();
    expect(() => encodePacket({ st: '22', cn: '2011', mn: 'M', flag: 256, cp: '' })).toThrow(/Flag/);
  });

  it('splits long CPs into PNUM/PNO parts of ≤ 1024 bytes that reassemble to the original', () => {
    fc.assert(
      fc.property(packet, fc.integer({ min: 30, max: 120 }), (input, count) => {
        const factors = Array.from({ length: count }, (_, i) => ({
          code: `a${String(i).padStart(5, '0')}`,
          fields: [
            { name: 'Avg', text: String(i * 1.5) },
            { name: 'Flag', text: 'N' },
          ],
        }));
        const long: PacketInput = { ...input, flag: 5, cp: { dataTime: '20240101000000', factors } };
        const frames = encodePackets(long);
        expect(frames.length).toBe(splitPacket(long).length);
        const r = createReassembler();
        let done: Hj212Packet | undefined;
        for (const [i, f] of frames.entries()) {
          expect(f.length - 12).toBeLessThanOrEqual(1024);
          const d = decodePacket(f, { crc: 'strict' });
          if (!d.ok) throw new Error(JSON.stringify(d.reason));
          expect(d.packet.flag?.split).toBe(frames.length > 1);
          expect(d.packet.pno).toBe(frames.length > 1 ? i + 1 : undefined);
          const out = r.push(d.packet, 0);
          if (out.kind === 'complete' || out.kind === 'single') done = out.packet;
        }
        expect(done?.cp.factors.map((f) => f.code)).toEqual(factors.map((f) => f.code));
        expect(done?.cp.dataTime?.text).toBe('20240101000000');
      }),
      { numRuns: 30 },
    );
  });
});

describe('answer builders', () => {
  const up = decodePacket(
    '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n',
  );
  const to = up.ok ? up.packet : (undefined as never);

  it('9014 echoes QN/PW/MN with ST=91 and Flag=4 (附录C)', () => {
    expect(encodePacketString(buildDataAck(to))).toBe(
      '##0087QN=20160801085857223;ST=91;CN=9014;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&' +
        encodePacketString(buildDataAck(to)).slice(-6),
    );
    const back = decodePacket(encodePacket(buildDataAck(to)), { crc: 'strict' });
    expect(back.ok && back.packet.cn).toBe('9014');
  });

  it('9011 / 9012 / 9013 / 9015 carry their CP', () => {
    expect(encodePacketString(buildRequestAnswer(to, 1))).toContain(
      'CN=9011;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&',
    );
    expect(encodePacketString(buildExecutionAnswer(to, 100))).toContain('CN=9012;');
    expect(encodePacketString(buildExecutionAnswer(to, 100))).toContain('CP=&&ExeRtn=100&&');
    expect(encodePacketString(buildNotifyAnswer(to))).toContain('CN=9013;');
    const hb = decodePacket(
      encodePacket(buildHeartbeat({ qn: '20240601085857223', mn: 'M1', pw: '123456' })),
      { crc: 'strict' },
    );
    expect(hb.ok && hb.packet).toMatchObject({
      cn: '9015',
      version: '2025',
      flag: { value: buildFlag({ version: '2025' }) },
    });
  });
});
