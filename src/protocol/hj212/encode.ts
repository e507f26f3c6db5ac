import { type CpInput, cpUnits, Hj212EncodeError, serializeCp } from './cp-serialize.ts';
import { crcToHex, hj212Crc16 } from './crc.ts';
import { addToQn } from './data-time.ts';
import { encryptCpText } from './encryption.ts';
import type { BlockCipherFn } from './result-types.ts';
import type { CpParam, PacketFlag } from './types.ts';

/** Anything that can be written as a packet; a decoded `Hj212Packet` qualifies. */
export interface PacketInput {
  readonly qn?: string;
  readonly st: string;
  readonly cn: string;
  readonly pw?: string;
  readonly mn: string;
  /** Integer or parsed flag; omitted → no Flag field (HJ/T 212-2005 style). */
  readonly flag?: number | PacketFlag;
  readonly pnum?: number;
  readonly pno?: number;
  /** HJ 212-2025 RF=1 re-send marker [M]. */
  readonly resend?: boolean;
  readonly extraHeader?: readonly CpParam[];
  readonly cp?: CpInput | string;
}

export interface EncodeOptions {
  /** HJ 212-2025 [M]: SM4-ECB block encryption with the device key; the CP is then sent as `{0x..}` blocks. */
  readonly encryptCp?: BlockCipherFn;
  /** Write the plaintext length in LLLL for encrypted packets, as the 2025 examples do [M]. Default false. */
  readonly lengthCountsPlaintext?: boolean;
}

const utf8 = new TextEncoder();
const HEADER_VALUE = /[;,=&\r\n]/;

function flagValue(flag: number | PacketFlag | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const v = typeof flag === 'number' ? flag : flag.value;
  if (!Number.isInteger(v) || v < 0 || v > 255) throw new Hj212EncodeError(`Flag ${v} is not 0..255 (表3)`);
  return v;
}

function headerField(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  if (HEADER_VALUE.test(text)) throw new Hj212EncodeError(`invalid characters in ${name} "${text}"`);
  return `${name}=${text};`;
}

/** Header part of the data segment, in HJ 212-2017 §6.3.2 表3 order (RF after PNO, before CP [M]). */
export function headerText(p: PacketInput): string {
  let s =
    headerField('QN', p.qn) +
    headerField('ST', p.st) +
    headerField('CN', p.cn) +
    headerField('PW', p.pw) +
    headerField('MN', p.mn) +
    headerField('Flag', flagValue(p.flag)) +
    headerField('PNUM', p.pnum) +
    headerField('PNO', p.pno) +
    (p.resend ? 'RF=1;' : '');
  for (const e of p.extraHeader ?? []) s += headerField(e.key, e.text);
  return s;
}

/** The plaintext data segment (数据段) of a packet. */
export function dataSegment(p: PacketInput): string {
  return `${headerText(p)}CP=&&${serializeCp(p.cp)}&&`;
}

function frame(segment: Uint8Array, lengthField: number, crc: number): Buffer {
  if (lengthField > 9999)
    throw new Hj212EncodeError(`data segment of ${lengthField} bytes does not fit LLLL (表2)`);
  const out = Buffer.allocUnsafe(segment.length + 12);
  out.write('##', 0, 'latin1');
  out.write(String(lengthField).padStart(4, '0'), 2, 'latin1');
  out.set(segment, 6);
  out.write(`${crcToHex(crc)}\r\n`, 6 + segment.length, 'latin1');
  return out;
}

/**
 * Encode a packet as bytes: `##` + LLLL (UTF-8 byte length of the data segment, §6.3 counts Chinese as UTF-8)
 * + segment + upper-case CRC (附录A) + CR LF. Throws {@link Hj212EncodeError} for unencodable input.
 */
export function encodePacket(p: PacketInput, options: EncodeOptions = {}): Buffer {
  const plain = dataSegment(p);
  const plainBytes = utf8.encode(plain);
  const crc = hj212Crc16(plainBytes);
  if (options.encryptCp === undefined) return frame(plainBytes, plainBytes.length, crc);
  // CRC over the plaintext, then the CP region is replaced by its encrypted form (2025 附录A.2 [M]).
  const head = headerText(p);
  const sent = utf8.encode(`${head}CP=&&${encryptCpText(serializeCp(p.cp), options.encryptCp)}&&`);
  return frame(sent, options.lengthCountsPlaintext ? plainBytes.length : sent.length, crc);
}

/** {@link encodePacket} as a string (the bytes decoded as UTF-8). */
export function encodePacketString(p: PacketInput, options: EncodeOptions = {}): string {
  return encodePacket(p, options).toString('utf8');
}

export interface SplitOptions {
  /** Largest data segment per part in bytes; HJ 212-2017 表2 allows 1024. */
  readonly maxSegmentBytes?: number;
}

/**
 * Split a packet whose data segment exceeds the limit into parts with PNUM/PNO and the D bit (表3), each with
 * its own consecutive QN and a repeated DataTime (附录C C.49/C.50). Params and factors are never cut in half.
 */
export function splitPacket(p: PacketInput, options: SplitOptions = {}): PacketInput[] {
  const max = options.maxSegmentBytes ?? 1024;
  if (utf8.encode(dataSegment(p)).length <= max) return [p];
  if (p.cp === undefined || typeof p.cp === 'string') {
    throw new Hj212EncodeError('only a structured CP can be split into sub-packets');
  }
  const { dataTime, units } = cpUnits(p.cp);
  const flag = (flagValue(p.flag) ?? 4) | 2;
  // Size with the widest PNUM/PNO so every part fits whatever its final numbers are.
  const overhead = utf8.encode(
    `${headerText({ ...p, flag, pnum: 9999, pno: 9999, cp: undefined })}CP=&&&&`,
  ).length;
  const budget = max - overhead - (dataTime === undefined ? 0 : utf8.encode(dataTime).length + 1);
  const groups: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const unit of units) {
    const len = utf8.encode(unit).length;
    if (len > budget) throw new Hj212EncodeError(`CP item of ${len} bytes cannot fit a ${max}-byte part`);
    const add = current.length === 0 ? len : len + 1;
    if (size + add > budget) {
      groups.push(current);
      current = [];
      size = 0;
    }
    size += current.length === 0 ? len : len + 1;
    current.push(unit);
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g, i) => ({
    ...p,
    ...(p.qn !== undefined ? { qn: addToQn(p.qn, i) } : {}),
    flag,
    pnum: groups.length,
    pno: i + 1,
    cp: (dataTime === undefined ? g : [dataTime, ...g]).join(';'),
  }));
}

/** Encode, splitting into sub-packets when needed; one frame per part. */
export function encodePackets(p: PacketInput, options: EncodeOptions & SplitOptions = {}): Buffer[] {
  return splitPacket(p, options).map((part) => encodePacket(part, options));
}
