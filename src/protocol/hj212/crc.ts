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

/** HJ 212-2017 附录A CRC over `bytes[start, end)`; returns 0..0xFFFF (empty input → 0xFFFF). */
export function hj212Crc16(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = TABLE[(crc >>> 8) ^ (bytes[i] as number)] as number;
  return crc;
}

/**
 * Same as {@link hj212Crc16} but also ORs every byte into the second result so the decoder learns, in the
 * same pass, whether the segment is pure ASCII (then it can use the cheap latin1 decode).
 */
export function hj212Crc16WithHighBit(bytes: Uint8Array, start: number, end: number): [number, boolean] {
  let crc = 0xffff;
  let acc = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    acc |= b;
    crc = TABLE[(crc >>> 8) ^ b] as number;
  }
  return [crc, (acc & 0x80) !== 0];
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
