import { parseCp } from './cp-parse.ts';
import { crcToHex, hj212Crc16, hj212Crc16WithHighBit } from './crc.ts';
import { asBuffer, checkCrc, failure, isDigits, segmentText } from './decode-helpers.ts';
import { decryptCpText, isEncryptedCp } from './encryption.ts';
import { decodeFast } from './fast-decode.ts';
import { parseFlag } from './flag.ts';
import { locateFrame } from './frame-layout.ts';
import { parseHeader, type RawHeader } from './header-parse.ts';
import type { CrcCheck, DecodeOptions, DecodeResult, Deviation } from './result-types.ts';
import type { Hj212Packet, PacketFlag, ProtocolVersion } from './types.ts';

const utf8 = new TextEncoder();

const REQUIRED: readonly (keyof RawHeader)[] = ['st', 'cn', 'pw', 'mn'];
const FIELD_NAME: Readonly<Record<string, string>> = { qn: 'QN', st: 'ST', cn: 'CN', pw: 'PW', mn: 'MN' };

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !isDigits(text, 1, 4)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/**
 * Decode one frame (`##LLLL…CCCC\r\n`) from raw bytes. Never throws on field data: the result is either the
 * packet with every tolerated deviation, or the precise reason for rejection (with a partial header when one
 * could be read, so the receiver can answer QnRtn=9 or log by MN).
 */
export function decodePacket(input: Uint8Array | string, options: DecodeOptions = {}): DecodeResult {
  const buf = asBuffer(input);
  // Clean ASCII packets (nearly all traffic) take the byte-level fast path; it declines everything else.
  return decodeFast(buf) ?? decodeGeneral(buf, options);
}

/**
 * The general decoder: every frame layout, encoding, deviation and reject reason. It is the reference the fast
 * path must agree with (decode-fast.test.ts), so it stays exported for tests.
 */
export function decodeGeneral(input: Uint8Array | string, options: DecodeOptions = {}): DecodeResult {
  const policy = options.crc ?? 'standard';
  const deviations: Deviation[] = [];
  const buf = asBuffer(input);
  const layout = locateFrame(buf, deviations);
  if ('code' in layout) return { ok: false, reason: layout, deviations };
  const { segStart, segEnd, declared, crcStart, crcLen } = layout;

  const [rawCrc, high] = hj212Crc16WithHighBit(buf, segStart, segEnd);
  const text = segmentText(buf, segStart, segEnd, high, deviations);
  const cpIdx = text.indexOf('CP=&&');
  const cpClose = text.lastIndexOf('&&');
  const header = parseHeader(text, cpIdx < 0 ? text.length : cpIdx, deviations);

  let cpText = cpIdx >= 0 && cpClose >= cpIdx + 5 ? text.slice(cpIdx + 5, cpClose) : undefined;
  // Some field loggers drop the closing `&&` (CP=&&…CCCC). When the declared length lands on the CRC, the
  // segment's end is known without it; its values are kept once the CRC holds (checked below), never silently.
  const cpUnclosed = cpText === undefined && cpIdx >= 0 && declared === segEnd - segStart;
  if (cpUnclosed) cpText = text.slice(cpIdx + 5);
  let crcValue = rawCrc;
  let crcBytes: Uint8Array = buf.subarray(segStart, segEnd);
  let encrypted = false;
  let lengthOk = declared === segEnd - segStart;
  if (cpText !== undefined && isEncryptedCp(cpText)) {
    if (options.decryptCp === undefined) {
      return failure(header, deviations, {
        code: 'encrypted-no-key',
        message: 'CP is SM4-encrypted (HJ 212-2025 [M]) and no key is configured',
      });
    }
    const out = decryptCpText(cpText, options.decryptCp);
    if (!out.ok) return failure(header, deviations, { code: 'decrypt-failed', message: out.message });
    encrypted = true;
    cpText = out.plain;
    // The CRC covers the plaintext segment (2025 附录A.2 [M]).
    crcBytes = utf8.encode(
      text.slice(0, cpIdx + 5) + cpText + text.slice(cpUnclosed ? text.length : cpClose),
    );
    crcValue = hj212Crc16(crcBytes);
    if (!lengthOk && declared === crcBytes.length) {
      lengthOk = true;
      deviations.push({
        code: 'length-counts-plaintext',
        message:
          'LLLL counts the plaintext segment while the {0x..} cipher text is longer (HJ 212-2025 附录A.2): framed by CR LF and validated by the CRC over the decrypted segment',
        detail: `LLLL ${declared}, ${segEnd - segStart} bytes sent`,
      });
    }
  }

  const crcFound = crcLen > 0 ? buf.toString('latin1', crcStart, crcStart + crcLen) : undefined;
  const crc: CrcCheck =
    crcFound === undefined
      ? { status: 'absent', expected: crcToHex(crcValue) }
      : checkCrc(crcFound, crcValue, crcBytes, policy, deviations);

  if (!lengthOk) {
    const actual = segEnd - segStart;
    if (policy !== 'none') {
      return failure(
        header,
        deviations,
        {
          code: 'length-mismatch',
          message: `declared data-segment length ${declared} but ${actual} bytes (HJ 212-2017 §6.3.1 表2)`,
          declaredLength: declared,
          actualLength: actual,
          crcExpected: crc.expected,
          ...(crcFound !== undefined ? { crcFound } : {}),
        },
        crc,
      );
    }
    deviations.push({
      code: 'length-mismatch',
      message: 'declared length differs',
      detail: `${declared} vs ${actual}`,
    });
  }
  if (crc.status === 'absent') {
    if (policy !== 'none')
      return failure(
        header,
        deviations,
        { code: 'crc-absent', message: 'no CRC after the data segment (附录A)', crcExpected: crc.expected },
        crc,
      );
    deviations.push({
      code: 'crc-absent',
      message: 'no CRC sent; accepted because the device policy is "none"',
    });
  } else if (crc.status === 'mismatch') {
    if (policy !== 'none') {
      return failure(
        header,
        deviations,
        {
          code: 'crc-mismatch',
          message: `CRC ${crc.found} does not match ${crc.expected} (HJ 212-2017 附录A)`,
          crcExpected: crc.expected,
          ...(crcFound !== undefined ? { crcFound } : {}),
        },
        crc,
      );
    }
    deviations.push({
      code: 'crc-unchecked',
      message: `CRC ${crc.found} ≠ ${crc.expected}; not enforced by policy "none"`,
    });
  }

  if (cpIdx < 0 || cpText === undefined) {
    const why = text.indexOf('CP=') < 0 ? 'no CP field' : 'CP lacks its "&&" delimiters';
    return failure(
      header,
      deviations,
      { code: 'bad-cp', message: `${why} (HJ 212-2017 §6.3.2 表3: CP=&&…&&)` },
      crc,
    );
  }
  if (cpUnclosed) {
    deviations.push({
      code: 'cp-unclosed',
      message: 'CP region lacks its closing "&&" (HJ 212-2017 §6.3.2 表3: CP=&&…&&); length and CRC hold',
    });
  }
  if (cpIdx > 0 && text.charCodeAt(cpIdx - 1) !== 59) {
    deviations.push({ code: 'header-separator', message: 'no ";" before CP (附录C C.19 typo "Flag=5CP=")' });
  }

  let flag: PacketFlag | undefined;
  if (header.flag !== undefined) {
    const f = isDigits(header.flag, 1, 3) ? Number(header.flag) : Number.NaN;
    if (!(f <= 255))
      return failure(
        header,
        deviations,
        {
          code: 'bad-field',
          message: 'Flag is not an integer 0..255 (表3)',
          fields: ['Flag'],
          found: header.flag,
        },
        crc,
      );
    flag = parseFlag(f);
  }
  const version: ProtocolVersion = flag === undefined ? '2005' : flag.version;
  const missing = REQUIRED.filter((k) => header[k] === undefined).map((k) => FIELD_NAME[k] as string);
  // QN is mandatory from 2017 on; HJ/T 212-2005 uploads often omit it (hj212.md §3).
  if (header.qn === undefined && version !== '2005') missing.unshift('QN');
  if (missing.length > 0) {
    return failure(
      header,
      deviations,
      {
        code: 'missing-field',
        message: `missing ${missing.join(', ')} (HJ 212-2017 §6.3.2 表3)`,
        fields: missing,
      },
      crc,
    );
  }
  if (header.qn !== undefined && !isDigits(header.qn, 17, 17)) {
    deviations.push({ code: 'qn-format', message: 'QN is not YYYYMMDDhhmmsszzz (表3)', detail: header.qn });
  }
  const pnum = positiveInt(header.pnum);
  const pno = positiveInt(header.pno);
  if (
    (header.pnum !== undefined && pnum === undefined) ||
    (header.pno !== undefined && pno === undefined) ||
    (pnum !== undefined && pno !== undefined && pno > pnum)
  ) {
    return failure(
      header,
      deviations,
      { code: 'bad-field', message: 'PNUM/PNO must be 1 ≤ PNO ≤ PNUM (表3)', fields: ['PNUM', 'PNO'] },
      crc,
    );
  }
  if (flag?.split && (pnum === undefined || pno === undefined)) {
    deviations.push({ code: 'split-fields-missing', message: 'Flag D bit set but PNUM/PNO absent (表3)' });
  }
  // HJ 212-2025 (air-2026.md [Q]): `RF=1` marks a re-sent (补传) packet and RF is absent otherwise; any other
  // value is tolerated with a named warning (rejecting it would lose a real measurement) and is not a re-send.
  let resend: boolean | undefined;
  if (header.rf !== undefined) {
    resend = header.rf === '1';
    if (!resend)
      deviations.push({
        code: 'rf-value',
        message:
          'RF other than 1: HJ 212-2025 sends RF=1 for a re-sent packet and no RF otherwise; kept as not re-sent',
        detail: header.rf,
      });
  }

  const cp = parseCp(cpText, version === '2005', deviations);
  if (policy === 'strict' && deviations.length > 0) {
    const first = deviations[0] as Deviation;
    return failure(
      header,
      deviations,
      { code: 'not-strict', message: `strict policy: ${first.message}`, deviation: first },
      crc,
    );
  }
  const packet: { -readonly [K in keyof Hj212Packet]: Hj212Packet[K] } = {
    version,
    st: header.st as string,
    cn: header.cn as string,
    pw: header.pw as string,
    mn: header.mn as string,
    cpText,
    cp,
    encrypted,
  };
  if (header.qn !== undefined) packet.qn = header.qn;
  if (flag !== undefined) packet.flag = flag;
  if (pnum !== undefined) packet.pnum = pnum;
  if (pno !== undefined) packet.pno = pno;
  if (resend !== undefined) packet.resend = resend;
  if (header.extra !== undefined) packet.extraHeader = header.extra;
  return { ok: true, packet, crc, deviations };
}
