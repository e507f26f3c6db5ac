/**
 * Fast path of decodePacket for the packets almost every station sends: a standard frame (`##` LLLL that lands on
 * an upper-case CRC, CR LF), ASCII only, a correct CRC, header keys of 表3 in order, and a CP without oddities.
 * Such a packet decodes without a single deviation, and this path builds exactly the result the general decoder
 * (decode.ts) would, reading the bytes directly instead of splitting strings. Whenever anything differs from that
 * shape it returns undefined, and the general decoder — the reference for every reason and deviation — runs.
 * decode-fast.test.ts checks that both paths agree on random packets.
 */
import { hj212Crc16Flagged } from './crc.ts';
import { isDigits } from './decode-helpers.ts';
import { parseCpFast } from './fast-cp.ts';
import { parseFlag } from './flag.ts';
import type { DecodeResult } from './result-types.ts';
import type { Hj212Packet, PacketFlag, ProtocolVersion } from './types.ts';

const SEG = 6; // `##` + LLLL: where the data segment starts in a standard frame.
const SEMI = 59;
const COMMA = 44;
const EQ = 61;
const SPACE = 32;
const AMP = 38;

/** Four decimal digits at `buf[at]`, or -1. */
function lengthField(buf: Uint8Array, at: number): number {
  let n = 0;
  for (let k = at; k < at + 4; k++) {
    const d = (buf[k] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Four upper-case hex digits at `buf[at]`, or -1 (lower case is a deviation, left to the general path). */
function upperHex(buf: Uint8Array, at: number): number {
  let n = 0;
  for (let k = at; k < at + 4; k++) {
    const c = buf[k] as number;
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    n = (n << 4) | d;
  }
  return n;
}

/**
 * 表3 rank of the header key at `buf[a, b)`: QN 1 … PNO 8, then RF 9 (HJ 212-2025: after PNUM/PNO, before CP);
 * 0 for unknown keys and anything unusual.
 */
function headerRank(buf: Uint8Array, a: number, b: number): number {
  const c0 = buf[a];
  const c1 = buf[a + 1];
  switch (b - a) {
    case 2:
      if (c0 === 82 && c1 === 70) return 9; // RF
      if (c1 === 78) return c0 === 81 ? 1 : c0 === 67 ? 3 : c0 === 77 ? 5 : 0; // QN CN MN
      if (c0 === 83 && c1 === 84) return 2; // ST
      if (c0 === 80 && c1 === 87) return 4; // PW
      return 0;
    case 4:
      if (c0 === 70 && c1 === 108 && buf[a + 2] === 97 && buf[a + 3] === 103) return 6; // Flag
      if (c0 === 80 && c1 === 78 && buf[a + 2] === 85 && buf[a + 3] === 77) return 7; // PNUM
      return 0;
    case 3:
      return c0 === 80 && c1 === 78 && buf[a + 2] === 79 ? 8 : 0; // PNO
    default:
      return 0;
  }
}

/** The value of 1–3 ASCII digits, or -1. */
function smallInt(text: string): number {
  const n = text.length;
  if (n < 1 || n > 3) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !isDigits(text, 1, 4)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/** Decode a clean standard frame, or return undefined to let the general decoder handle it. */
export function decodeFast(buf: Buffer): DecodeResult | undefined {
  const n = buf.length;
  if (buf[0] !== 35 || buf[1] !== 35 || buf[n - 2] !== 13 || buf[n - 1] !== 10) return undefined;
  const declared = lengthField(buf, 2);
  const segEnd = SEG + declared;
  if (declared < 0 || segEnd + 6 !== n) return undefined;
  const found = upperHex(buf, segEnd);
  // Bit 16 of the CRC marks non-ASCII bytes, which then never equal the 16-bit CRC sent.
  if (found < 0 || hj212Crc16Flagged(buf, SEG, segEnd) !== found) return undefined;
  // The text runs on over the CRC, so that its hex is sliced rather than formatted again.
  const text = buf.toString('latin1', SEG, segEnd + 4);

  let qn: string | undefined;
  let st: string | undefined;
  let cn: string | undefined;
  let pw: string | undefined;
  let mn: string | undefined;
  let flagText: string | undefined;
  let pnumText: string | undefined;
  let pnoText: string | undefined;
  let resend = false;
  let rank = 0;
  let i = SEG;
  // Header items `KEY=value;` until `CP=&&`. No `&` may occur before it, so it is also the general decoder's
  // first `CP=&&`; commas, spaces, unknown, repeated or unordered keys are deviations.
  for (;;) {
    if (i + 5 > segEnd) return undefined;
    if (buf[i] === 67 && buf[i + 1] === 80 && buf[i + 2] === EQ && buf[i + 3] === AMP && buf[i + 4] === AMP)
      break;
    let j = i;
    for (; j < segEnd; j++) {
      const c = buf[j];
      if (c === EQ) break;
      if (c === SEMI || c === COMMA || c === SPACE || c === AMP) return undefined;
    }
    if (j === segEnd) return undefined;
    const r = headerRank(buf, i, j);
    if (r <= rank) return undefined;
    rank = r;
    let k = j + 1;
    for (; k < segEnd; k++) {
      const c = buf[k];
      if (c === SEMI) break;
      if (c === COMMA || c === SPACE || c === AMP) return undefined;
    }
    if (k === segEnd) return undefined;
    const value = text.slice(j + 1 - SEG, k - SEG);
    if (r === 1) qn = value;
    else if (r === 2) st = value;
    else if (r === 3) cn = value;
    else if (r === 4) pw = value;
    else if (r === 5) mn = value;
    else if (r === 6) flagText = value;
    else if (r === 7) pnumText = value;
    else if (r === 8) pnoText = value;
    // Only RF=1 is clean (HJ 212-2025); any other value is a deviation the general decoder names.
    else if (value === '1') resend = true;
    else return undefined;
    i = k + 1;
  }
  const cpStart = i + 5;
  const cpEnd = segEnd - 2;
  // The CP must close with the segment's last `&&` and must not be SM4 cipher text (`{0x…`).
  if (cpEnd < cpStart || buf[cpEnd] !== AMP || buf[cpEnd + 1] !== AMP || buf[cpStart] === 123)
    return undefined;

  let flag: PacketFlag | undefined;
  if (flagText !== undefined) {
    const f = smallInt(flagText);
    if (f < 0 || f > 255) return undefined;
    flag = parseFlag(f);
  }
  const version: ProtocolVersion = flag === undefined ? '2005' : flag.version;
  if (st === undefined || cn === undefined || pw === undefined || mn === undefined) return undefined;
  if (qn === undefined ? version !== '2005' : !isDigits(qn, 17, 17)) return undefined;
  const pnum = positiveInt(pnumText);
  const pno = positiveInt(pnoText);
  if (
    (pnumText !== undefined && pnum === undefined) ||
    (pnoText !== undefined && pno === undefined) ||
    (pnum !== undefined && pno !== undefined && pno > pnum) ||
    (flag?.split === true && (pnum === undefined || pno === undefined))
  ) {
    return undefined;
  }

  const cp = parseCpFast(buf, text, SEG, cpStart, cpEnd, version === '2005');
  if (cp === undefined) return undefined;
  // Same property order as the general decoder, so JSON output is identical.
  const packet: { -readonly [K in keyof Hj212Packet]: Hj212Packet[K] } = {
    version,
    st,
    cn,
    pw,
    mn,
    cpText: text.slice(cpStart - SEG, cpEnd - SEG),
    cp,
    encrypted: false,
  };
  if (qn !== undefined) packet.qn = qn;
  if (flag !== undefined) packet.flag = flag;
  if (pnum !== undefined) packet.pnum = pnum;
  if (pno !== undefined) packet.pno = pno;
  if (resend) packet.resend = true;
  const hex = text.slice(declared, declared + 4);
  return {
    ok: true,
    packet,
    crc: { status: 'ok', found: hex, expected: hex, algorithm: 'hj212' },
    deviations: [],
  };
}
