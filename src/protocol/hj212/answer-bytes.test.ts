import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEmptyAnswer } from './answer-bytes.ts';
import { CN } from './codes.ts';
import { decodePacket } from './decode.ts';
import { encodePacket } from './encode.ts';
import { buildFlag } from './flag.ts';
import { buildDataAck, buildNotifyAnswer } from './responses.ts';

const text = (chars: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: min, maxLength: max });
const field = text('0123456789ABCDEFabcxyz-_淇滨区;=&,', 1, 24);

describe('encodeEmptyAnswer (9014 / 9013 bytes written directly)', () => {
  it('is byte for byte what encodePacket makes of the generic builder, or fails the same way', () => {
    fc.assert(
      fc.property(
        fc.option(field, { nil: undefined }),
        fc.option(field, { nil: undefined }),
        field,
        fc.option(
          fc.record({ version: fc.constantFrom('2005', '2017', '2025' as const), ack: fc.boolean() }),
          { nil: undefined },
        ),
        fc.constantFrom(CN.dataAnswer, CN.notifyAnswer),
        (qn, pw, mn, f, cn) => {
          const source = decodePacket(
            encodePacket({
              qn: '20260101000000001',
              st: '22',
              cn: '2011',
              pw: '123456',
              mn: mn.replace(/[;,=&]/g, 'x'),
              ...(f ? { flag: buildFlag({ version: f.version, ackRequired: f.ack }) } : {}),
              cp: 'DataTime=20260101000000',
            }),
          );
          if (!source.ok) throw new Error(source.reason.message);
          // Any QN and PW, absent ones and ones encodePacket refuses included (a caller might pass them).
          const { qn: _q, pw: _p, ...rest } = source.packet;
          const to = { ...rest, ...(qn !== undefined ? { qn } : {}), ...(pw !== undefined ? { pw } : {}) };
          const generic = () => encodePacket(cn === CN.dataAnswer ? buildDataAck(to) : buildNotifyAnswer(to));
          let expected: Buffer | Error;
          try {
            expected = generic();
          } catch (e) {
            expected = e as Error;
          }
          if (expected instanceof Error) expect(() => encodeEmptyAnswer(to, cn)).toThrow(expected.message);
          else expect(encodeEmptyAnswer(to, cn).equals(expected)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers a 2017 upload with Flag=4 and the sender’s QN, PW and MN (附录C)', () => {
    const up = decodePacket(
      encodePacket({
        qn: '20260101000000001',
        st: '22',
        cn: '2011',
        pw: '123456',
        mn: '淇滨01',
        flag: 5,
        cp: '',
      }),
    );
    if (!up.ok) throw new Error('sample');
    const answer = decodePacket(encodeEmptyAnswer(up.packet, CN.dataAnswer), { crc: 'strict' });
    expect(answer).toMatchObject({
      ok: true,
      packet: { qn: '20260101000000001', st: '91', cn: '9014', pw: '123456', mn: '淇滨01', cpText: '' },
    });
    expect(answer.ok && answer.packet.flag?.value).toBe(4);
  });
});
