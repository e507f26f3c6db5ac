/** Helpers of decodePacket: text decoding, CRC policy, partial headers. */
import { crcToHex, modbusCrc16, swapBytes16 } from './crc.ts';
import { parseFlag } from './flag.ts';
import type { RawHeader } from './header-parse.ts';
import type { CrcCheck, CrcPolicy, DecodeResult, Deviation, RejectReason } from './result-types.ts';
import type { Hj212Packet } from './types.ts';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
let gbk: TextDecoder | undefined;

export function asBuffer(input: Uint8Array | string): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** ASCII segments (the usual case) take the cheap latin1 path; §6.3 puts Chinese text in UTF-8. */
export function segmentText(
  buf: Buffer,
  start: number,
  end: number,
  high: boolean,
  deviations: Deviation[],
): string {
  if (!high) return buf.toString('latin1', start, end);
  try {
    return utf8Strict.decode(buf.subarray(start, end));
  } catch {
    // Some loggers still send GBK for Chinese log text (hj212.md §7.3).
    deviations.push({
      code: 'non-utf8-text',
      message: 'data segment is not UTF-8 (§6.3); decoded as GB18030',
    });
    gbk ??= new TextDecoder('gb18030');
    return gbk.decode(buf.subarray(start, end));
  }
}

export function failure(
  header: RawHeader,
  deviations: Deviation[],
  reason: RejectReason,
  crc?: CrcCheck,
): DecodeResult {
  const partial = partialOf(header);
  return { ok: false, reason, deviations, ...(crc ? { crc } : {}), ...(partial ? { partial } : {}) };
}

/** True when `text` is exactly `count` ASCII digits (count 0 = any positive length up to `max`). */
export function isDigits(text: string, min: number, max: number): boolean {
  const n = text.length;
  if (n < min || n > max) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function parseHexValue(text: string): number {
  return Number.parseInt(text, 16);
}

export function partialOf(h: RawHeader | undefined): Partial<Hj212Packet> | undefined {
  if (h === undefined) return undefined;
  const p: { -readonly [K in keyof Hj212Packet]?: Hj212Packet[K] } = {};
  if (h.qn !== undefined) p.qn = h.qn;
  if (h.st !== undefined) p.st = h.st;
  if (h.cn !== undefined) p.cn = h.cn;
  if (h.pw !== undefined) p.pw = h.pw;
  if (h.mn !== undefined) p.mn = h.mn;
  if (h.flag !== undefined && isDigits(h.flag, 1, 3) && Number(h.flag) < 256) {
    p.flag = parseFlag(Number(h.flag));
    p.version = p.flag.version;
  }
  return p;
}

export function checkCrc(
  found: string,
  expected: number,
  crcBytes: Uint8Array,
  policy: CrcPolicy,
  deviations: Deviation[],
): CrcCheck {
  const expectedHex = crcToHex(expected);
  const value = parseHexValue(found);
  if (value === expected) {
    if (/[a-f]/.test(found)) {
      deviations.push({ code: 'crc-lowercase', message: 'CRC hex in lower case (附录A prints upper case)' });
    }
    return { status: 'ok', found, expected: expectedHex, algorithm: 'hj212' };
  }
  if (policy === 'modbus' || policy === 'none') {
    const m = modbusCrc16(crcBytes);
    if (policy === 'modbus' && value === m) {
      deviations.push({
        code: 'crc-modbus',
        message: 'CRC is CRC-16/MODBUS, not HJ 212 附录A',
        detail: found,
      });
      return { status: 'ok', found, expected: expectedHex, algorithm: 'modbus' };
    }
    if (policy === 'modbus' && value === swapBytes16(m)) {
      deviations.push({
        code: 'crc-modbus-swapped',
        message: 'CRC is CRC-16/MODBUS printed low byte first, not HJ 212 附录A',
        detail: found,
      });
      return { status: 'ok', found, expected: expectedHex, algorithm: 'modbus-swapped' };
    }
  }
  return { status: 'mismatch', found, expected: expectedHex };
}
