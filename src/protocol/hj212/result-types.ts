/** Decode results, reasons and tolerated deviations. */
import type { Hj212Packet } from './types.ts';

/**
 * CRC tolerance per device (hj212.md §7.4):
 * - `strict`: HJ 212-2017 附录A CRC and nothing tolerated — any deviation rejects the packet;
 * - `standard`: HJ 212-2017 附录A CRC required; cosmetic deviations (case, CRLF, …) accepted and reported;
 * - `modbus`: as `standard`, and CRC-16/MODBUS (either byte order) is also accepted;
 * - `none`: CRC and length not enforced (still computed and reported).
 */
export type CrcPolicy = 'strict' | 'standard' | 'modbus' | 'none';

export type CrcAlgorithm = 'hj212' | 'modbus' | 'modbus-swapped';

export interface CrcCheck {
  /** `ok` = matched an algorithm the policy allows; `mismatch` otherwise; `absent` = no CRC sent. */
  readonly status: 'ok' | 'mismatch' | 'absent';
  /** CRC text as sent (case kept), when present. */
  readonly found?: string;
  /** HJ 212-2017 附录A CRC of the (plaintext) data segment, upper-case hex. */
  readonly expected: string;
  /** Which algorithm matched, if any. */
  readonly algorithm?: CrcAlgorithm;
}

export type DeviationCode =
  | 'leading-bytes'
  | 'short-length-field'
  | 'length-mismatch'
  | 'length-counts-plaintext'
  | 'crc-lowercase'
  | 'crc-unpadded'
  | 'crc-modbus'
  | 'crc-modbus-swapped'
  | 'crc-unchecked'
  | 'crc-absent'
  | 'missing-crlf'
  | 'trailing-bytes'
  | 'non-utf8-text'
  | 'header-separator'
  | 'header-whitespace'
  | 'header-order'
  | 'unknown-header-field'
  | 'duplicate-header-field'
  | 'qn-format'
  | 'split-fields-missing'
  | 'rf-value'
  | 'cp-unclosed'
  | 'heartbeat-cp'
  | 'cp-whitespace'
  | 'cp-empty-item'
  | 'cp-bad-item'
  | 'datatime-format';

/** A tolerated departure from the standard; never silent (conventions: vendor deviations as named profiles). */
export interface Deviation {
  readonly code: DeviationCode;
  readonly message: string;
  readonly detail?: string;
}

export type RejectCode =
  | 'bad-header'
  | 'bad-length-field'
  | 'truncated'
  | 'length-mismatch'
  | 'crc-absent'
  | 'bad-crc-format'
  | 'crc-mismatch'
  | 'bad-cp'
  | 'missing-field'
  | 'bad-field'
  | 'encrypted-no-key'
  | 'decrypt-failed'
  | 'not-strict';

export interface RejectReason {
  readonly code: RejectCode;
  /** Human-readable English message citing the clause. */
  readonly message: string;
  readonly declaredLength?: number;
  readonly actualLength?: number;
  readonly crcFound?: string;
  readonly crcExpected?: string;
  readonly fields?: string[];
  readonly found?: string;
  readonly deviation?: Deviation;
}

export interface DecodeOk {
  readonly ok: true;
  readonly packet: Hj212Packet;
  readonly crc: CrcCheck;
  readonly deviations: Deviation[];
}

export interface DecodeFailure {
  readonly ok: false;
  readonly reason: RejectReason;
  readonly crc?: CrcCheck;
  readonly deviations: Deviation[];
  /** Whatever could be read (header fields, version) — useful to answer 9011 QnRtn or to log by MN. */
  readonly partial?: Partial<Hj212Packet>;
}

export type DecodeResult = DecodeOk | DecodeFailure;

/** Decrypts whole SM4 blocks (ECB, no padding) with the device key; inject it to keep the codec dependency-free. */
export type BlockCipherFn = (data: Uint8Array) => Uint8Array;

export interface DecodeOptions {
  /** Default `standard`. */
  readonly crc?: CrcPolicy;
  /** HJ 212-2025 [M]: SM4-ECB block decryption with this device's key; without it encrypted CPs are rejected. */
  readonly decryptCp?: BlockCipherFn;
}
