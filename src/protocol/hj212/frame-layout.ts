/**
 * Locate the parts of one packet inside a frame (HJ 212-2017 §6.3.1 表2):
 * `##` + LLLL (4 decimal digits, data-segment length) + data segment + CCCC (CRC hex) + CR LF.
 * The declared length is tried first; when it does not land on the CRC (wrong length, 2025 encrypted packets
 * that declare the plaintext length) the segment is taken to end at the last `&&`, which closes CP (§6.3.3).
 */
import type { Deviation, RejectReason } from './result-types.ts';

export interface FrameLayout {
  readonly segStart: number;
  readonly segEnd: number;
  readonly declared: number;
  readonly crcStart: number;
  /** 0 when no CRC was sent; 1–3 for senders that forgot zero-padding. */
  readonly crcLen: number;
}

function isHexByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

function hexRun(bytes: Uint8Array, from: number, limit: number): number {
  let k = 0;
  while (k < 4 && from + k < limit && isHexByte(bytes[from + k] as number)) k++;
  return k;
}

function lastAmpPair(bytes: Uint8Array, from: number, end: number): number {
  for (let p = end - 2; p >= from; p--) if (bytes[p] === 38 && bytes[p + 1] === 38) return p;
  return -1;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, start + 64)));
}

/** Find header, length, segment and CRC of a frame; adds tolerated deviations; never throws. */
export function locateFrame(bytes: Uint8Array, deviations: Deviation[]): FrameLayout | RejectReason {
  const n = bytes.length;
  let h = 0;
  if (bytes[0] !== 35 || bytes[1] !== 35) {
    h = -1;
    for (let p = 0; p + 1 < n; p++) {
      if (bytes[p] === 35 && bytes[p + 1] === 35) {
        h = p;
        break;
      }
    }
    if (h < 0) return { code: 'bad-header', message: 'no "##" header (HJ 212-2017 §6.3.1 表2)' };
    deviations.push({ code: 'leading-bytes', message: 'bytes before "##"', detail: `${h} bytes` });
  }
  let digits = 0;
  let declared = 0;
  while (digits < 4 && isDigit(bytes[h + 2 + digits])) {
    declared = declared * 10 + ((bytes[h + 2 + digits] as number) - 48);
    digits++;
  }
  if (digits === 3) {
    deviations.push({ code: 'short-length-field', message: 'length field has 3 digits instead of 4 (表2)' });
  } else if (digits !== 4) {
    return {
      code: 'bad-length-field',
      message: 'length field is not 4 decimal digits (HJ 212-2017 §6.3.1 表2)',
      found: latin1(bytes, h + 2, h + 6),
    };
  }
  const segStart = h + 2 + digits;
  let bodyEnd = n;
  if (bytes[n - 2] === 13 && bytes[n - 1] === 10) bodyEnd = n - 2;
  else deviations.push({ code: 'missing-crlf', message: 'packet not terminated by CR LF (表2)' });

  // Standard case: the declared length lands exactly on 4 hex digits that end the body.
  const landed = segStart + declared;
  if (landed + 4 === bodyEnd && hexRun(bytes, landed, bodyEnd) === 4) {
    return { segStart, segEnd: landed, declared, crcStart: landed, crcLen: 4 };
  }
  const amp = lastAmpPair(bytes, segStart, bodyEnd);
  if (amp < 0) {
    if (bodyEnd - segStart < declared + 4) {
      return {
        code: 'truncated',
        message: 'frame shorter than the declared length and no closing "&&"',
        declaredLength: declared,
        actualLength: Math.max(0, bodyEnd - segStart - 4),
      };
    }
    const k = hexRun(bytes, bodyEnd - 4, bodyEnd);
    if (k !== 4)
      return {
        code: 'bad-crc-format',
        message: 'no 4-digit CRC (附录A)',
        found: latin1(bytes, bodyEnd - 4, bodyEnd),
      };
    return { segStart, segEnd: bodyEnd - 4, declared, crcStart: bodyEnd - 4, crcLen: 4 };
  }
  const segEnd = amp + 2;
  const k = hexRun(bytes, segEnd, bodyEnd);
  if (k === 4) {
    if (segEnd + 4 < bodyEnd) {
      deviations.push({
        code: 'trailing-bytes',
        message: 'bytes between the CRC and the end of the frame',
        detail: latin1(bytes, segEnd + 4, bodyEnd),
      });
    }
    return { segStart, segEnd, declared, crcStart: segEnd, crcLen: 4 };
  }
  if (segEnd === bodyEnd) return { segStart, segEnd, declared, crcStart: segEnd, crcLen: 0 };
  if (k > 0 && segEnd + k === bodyEnd) {
    deviations.push({
      code: 'crc-unpadded',
      message: `CRC has ${k} hex digits, not zero-padded to 4 (附录A)`,
    });
    return { segStart, segEnd, declared, crcStart: segEnd, crcLen: k };
  }
  return {
    code: 'bad-crc-format',
    message: 'text after the closing "&&" is not a CRC (附录A)',
    found: latin1(bytes, segEnd, bodyEnd),
  };
}
