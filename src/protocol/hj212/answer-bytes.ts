import { CN, ST_SYSTEM } from './codes.ts';
import { crcToHex, hj212Crc16 } from './crc.ts';
import { encodePacket } from './encode.ts';
import { answerFlag, buildDataAck, buildNotifyAnswer } from './responses.ts';
import type { Hj212Packet } from './types.ts';

type Answered = Pick<Hj212Packet, 'qn' | 'pw' | 'mn' | 'flag' | 'version'>;
const HEADER_VALUE = /[;,=&\r\n]/;

/**
 * The bytes of a 9014 数据应答 or 9013 通知应答 with an empty CP (附录C), written straight into one buffer: a
 * receiver answers every upload, and building a `PacketInput` and encoding it generically cost more than the
 * rest of the answer path. Byte for byte what `encodePacket(buildDataAck(to))` gives (answer-bytes.test.ts);
 * a field that encodePacket would refuse takes that path, so the error is the same.
 */
export function encodeEmptyAnswer(to: Answered, cn: typeof CN.dataAnswer | typeof CN.notifyAnswer): Buffer {
  const { qn, pw, mn } = to;
  if (
    HEADER_VALUE.test(mn) ||
    (qn !== undefined && HEADER_VALUE.test(qn)) ||
    (pw !== undefined && HEADER_VALUE.test(pw))
  ) {
    return encodePacket(cn === CN.dataAnswer ? buildDataAck(to) : buildNotifyAnswer(to));
  }
  const flag = answerFlag(to);
  const segment =
    (qn !== undefined ? `QN=${qn};` : '') +
    `ST=${ST_SYSTEM};CN=${cn};` +
    (pw !== undefined ? `PW=${pw};` : '') +
    `MN=${mn};` +
    (flag !== undefined ? `Flag=${flag};` : '') +
    'CP=&&&&';
  const length = Buffer.byteLength(segment, 'utf8');
  if (length > 9999) return encodePacket(cn === CN.dataAnswer ? buildDataAck(to) : buildNotifyAnswer(to));
  const out = Buffer.allocUnsafe(length + 12);
  out.write(`##${String(length).padStart(4, '0')}`, 0, 'latin1');
  out.write(segment, 6, 'utf8');
  out.write(`${crcToHex(hj212Crc16(out, 6, 6 + length))}\r\n`, 6 + length, 'latin1');
  return out;
}
