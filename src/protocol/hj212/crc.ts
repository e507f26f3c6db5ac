/**
 * CRC algorithms seen on HJ 212 links.
 *
 * HJ 212-2017 附录A ("ANSI CRC16"): register 0xFFFF, each byte is XORed into the register's HIGH byte
 * (`crc = (crc >> 8) ^ byte`), then eight reflected shifts with 0xA001. Because the shifts only ever act on
 * an 8-bit value, the whole step collapses to one lookup `crc = T[(crc >> 8) ^ byte]` in the usual reflected
 * 0xA001 table — which is why only 256 distinct CRC values exist.
 *
 * CRC-16/MODBUS is NOT the standard's algorithm, but several vendors send it (hj212.md §2.2); the receiver may
 * accept it per device, so it lives here as well.
 */

function buildReflectedTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let reg = n;
    for (let bit = 0; bit < 8; bit++) reg = reg & 1 ? (reg >>> 1) ^ 0xa001 : reg >>> 1;
    table[n] = reg;
  }
  return table;
}

const TABLE = buildReflectedTable();

/**
 * The register after each step is `T[x]` for an 8-bit `x`, so only its high byte `s` carries state:
 * `s' = H1[s ^ byte]` with `H1 = T >> 8`. T is GF(2)-linear (a CRC table), hence so is H1, and k steps fold
 * into `s' = Hk[s ^ b0] ^ Hk-1[b1] ^ … ^ H1[bk-1]` (Hk = H1 applied k times). Only the first lookup depends on
 * the previous state, so the dependency chain is one load per k bytes instead of one per byte. Built: H1 … H7.
 */
function buildHighTables(): Uint8Array[] {
  const h: Uint8Array[] = [new Uint8Array(256)];
  const h1 = h[0] as Uint8Array;
  for (let x = 0; x < 256; x++) h1[x] = (TABLE[x] as number) >>> 8;
  for (let k = 1; k < 7; k++) {
    const prev = h[k - 1] as Uint8Array;
    const next = new Uint8Array(256);
    for (let x = 0; x < 256; x++) next[x] = h1[prev[x] as number] as number;
    h.push(next);
  }
  return h;
}

const [H1, H2, H3, H4, H5, H6, H7] = buildHighTables() as [
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
];

/** Words read through a Uint32Array hold their bytes low byte first only on little-endian hosts (nearly all). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this many bytes the word loop's view costs more than it saves. */
const WORD_MIN = 48;

/**
 * H1 has order 8 (H8 = identity: the word path equals the byte loop, decode-fast.test.ts), so over a run of 8·m bytes the state becomes
 * `s ^ XOR over k of H(8 − k mod 8)[b_k]`: bytes at the same position mod 8 share one table, and by linearity
 * they can be XORed together first and looked up once. The run is read as aligned 32-bit words — even words
 * carry positions 0–3, odd words 4–7 — so the loop is two loads and a few XORs per 8 bytes, with no table lookup
 * and no dependency chain (measured ≈ 8× faster than the byte loop on an 825-byte segment). Returns the new state
 * in bits 0..7 and, in bit 8, whether a byte ≥ 0x80 occurred; `bytes[i, i + 8 * steps)` must start on a 4-byte
 * boundary of the underlying buffer.
 */
function foldWords(bytes: Uint8Array, i: number, steps: number, s: number): number {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, steps * 2);
  let even = 0;
  let odd = 0;
  let any = 0;
  for (let k = 0; k < words.length; k += 2) {
    const w = words[k] as number;
    const v = words[k + 1] as number;
    even ^= w;
    odd ^= v;
    any |= w | v;
  }
  const folded =
    s ^
    (even & 255) ^
    (H7[(even >>> 8) & 255] as number) ^
    (H6[(even >>> 16) & 255] as number) ^
    (H5[even >>> 24] as number) ^
    (H4[odd & 255] as number) ^
    (H3[(odd >>> 8) & 255] as number) ^
    (H2[(odd >>> 16) & 255] as number) ^
    (H1[odd >>> 24] as number);
  return folded | ((any & 0x80808080) !== 0 ? 0x100 : 0);
}

/**
 * HJ 212-2017 附录A CRC over `bytes[start, end)` in bits 0..15; bit 16 is set when a byte ≥ 0x80 occurs, so the
 * decoder learns in the same pass whether the segment is pure ASCII (cheap latin1 decode, byte-level fast path).
 */
export function hj212Crc16Flagged(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start) return 0xffff;
  const last = end - 1;
  let s = 0xff;
  let acc = 0;
  let i = start;
  if (LITTLE_ENDIAN && last - i >= WORD_MIN) {
    for (; ((bytes.byteOffset + i) & 3) !== 0; i++) {
      const b = bytes[i] as number;
      acc |= b;
      s = H1[s ^ b] as number;
    }
    const steps = (last - i) >>> 3;
    const folded = foldWords(bytes, i, steps, s);
    s = folded & 0xff;
    if (folded > 0xff) acc |= 0x80;
    i += steps * 8;
  }
  for (; i + 4 <= last; i += 4) {
    const b0 = bytes[i] as number;
    const b1 = bytes[i + 1] as number;
    const b2 = bytes[i + 2] as number;
    const b3 = bytes[i + 3] as number;
    acc |= b0 | b1 | b2 | b3;
    s = (H4[s ^ b0] as number) ^ (H3[b1] as number) ^ (H2[b2] as number) ^ (H1[b3] as number);
  }
  for (; i < last; i++) {
    const b = bytes[i] as number;
    acc |= b;
    s = H1[s ^ b] as number;
  }
  const z = bytes[last] as number;
  // The last step keeps the whole 16-bit register.
  return (TABLE[s ^ z] as number) | (((acc | z) & 0x80) << 9);
}

/** HJ 212-2017 附录A CRC over `bytes[start, end)`; returns 0..0xFFFF (empty input → 0xFFFF). */
export function hj212Crc16(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  return hj212Crc16Flagged(bytes, start, end) & 0xffff;
}

/** Same as {@link hj212Crc16}, plus whether any byte is ≥ 0x80 (non-ASCII text: UTF-8 or GBK decode needed). */
export function hj212Crc16WithHighBit(bytes: Uint8Array, start: number, end: number): [number, boolean] {
  const r = hj212Crc16Flagged(bytes, start, end);
  return [r & 0xffff, r > 0xffff];
}

/** The 附录A loop one byte per step, kept as the reference the folded loop is tested against. */
export function hj212Crc16Bytewise(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = TABLE[(crc >>> 8) ^ (bytes[i] as number)] as number;
  return crc;
}

/** CRC-16/MODBUS (init 0xFFFF, reflected 0xA001, byte XORed into the LOW byte) — vendor variant, hj212.md §2.2. */
export function modbusCrc16(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++)
    crc = (crc >>> 8) ^ (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number);
  return crc;
}

/** Byte-swap a 16-bit value: some MODBUS vendors print the low byte first (hj212.md §2.2, rx.log captures). */
export function swapBytes16(value: number): number {
  return ((value & 0xff) << 8) | (value >>> 8);
}

const HEX = '0123456789ABCDEF';

/** Four upper-case hex digits, high byte first — HJ 212-2017 附录A prints `1C80`. */
export function crcToHex(value: number): string {
  return (
    (HEX[(value >>> 12) & 15] as string) +
    (HEX[(value >>> 8) & 15] as string) +
    (HEX[(value >>> 4) & 15] as string) +
    (HEX[value & 15] as string)
  );
}

/** CRC of a UTF-8 string as four upper-case hex digits (convenience for tests and tools). */
export function hj212CrcHex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return crcToHex(hj212Crc16(bytes));
}
