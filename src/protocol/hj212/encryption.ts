/**
 * HJ 212-2025 encrypted CP region [M] (hj212.md §8, from a test suite built on the 2025 PDF, 附录A.2):
 * the CP content is SM4-ECB encrypted without padding; whole 16-byte blocks are written as `{0xE4,0x3E,…}` and a
 * shorter tail stays plaintext after `}`; the CRC is computed over the PLAINTEXT data segment; the standard's
 * examples write the plaintext length in LLLL. The cipher itself is injected (see sm4-node.ts) so that the codec
 * stays dependency-free.
 */
import type { BlockCipherFn } from './result-types.ts';

const BLOCK = 16;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** True when a CP region looks SM4-encrypted (`{0x…`). Plain CP text never starts with `{`. */
export function isEncryptedCp(cpText: string): boolean {
  return cpText.charCodeAt(0) === 123 && cpText.charCodeAt(1) === 48 && (cpText.charCodeAt(2) | 32) === 120;
}

function hexNibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Parse `{0xNN,0xNN,…}tail` into bytes and the plaintext tail; undefined when malformed. */
export function parseCipherText(cpText: string): { cipher: Uint8Array; tail: string } | undefined {
  const close = cpText.indexOf('}');
  if (!isEncryptedCp(cpText) || close < 0) return undefined;
  const body = cpText.slice(1, close);
  const items = body.split(',');
  const out = new Uint8Array(items.length);
  for (let k = 0; k < items.length; k++) {
    const item = (items[k] as string).trim();
    if (item.length !== 4 || item.charCodeAt(0) !== 48 || (item.charCodeAt(1) | 32) !== 120) return undefined;
    const hi = hexNibble(item.charCodeAt(2));
    const lo = hexNibble(item.charCodeAt(3));
    if (hi < 0 || lo < 0) return undefined;
    out[k] = (hi << 4) | lo;
  }
  return { cipher: out, tail: cpText.slice(close + 1) };
}

const HEX = '0123456789ABCDEF';

/** Write bytes as `{0xNN,…}` (upper-case, as in the 2025 examples [M]). */
export function formatCipherText(bytes: Uint8Array): string {
  const parts: string[] = new Array(bytes.length);
  for (let k = 0; k < bytes.length; k++) {
    const b = bytes[k] as number;
    parts[k] = `0x${HEX[b >>> 4]}${HEX[b & 15]}`;
  }
  return `{${parts.join(',')}}`;
}

export type DecryptOutcome = { ok: true; plain: string } | { ok: false; message: string };

/** Decrypt an encrypted CP region with an injected SM4-ECB block decryptor. Never throws. */
export function decryptCpText(cpText: string, decrypt: BlockCipherFn): DecryptOutcome {
  const parsed = parseCipherText(cpText);
  if (parsed === undefined) return { ok: false, message: 'malformed {0x..} cipher text' };
  if (parsed.cipher.length % BLOCK !== 0) {
    return { ok: false, message: `cipher text is ${parsed.cipher.length} bytes, not a multiple of 16` };
  }
  try {
    const plainBlocks = decrypt(parsed.cipher);
    const tail = utf8.encode(parsed.tail);
    const all = new Uint8Array(plainBlocks.length + tail.length);
    all.set(plainBlocks, 0);
    all.set(tail, plainBlocks.length);
    return { ok: true, plain: utf8Strict.decode(all) };
  } catch (error) {
    return { ok: false, message: `decryption failed: ${(error as Error).message}` };
  }
}

/** Encrypt a CP region: whole 16-byte blocks through `encrypt`, the tail (< 16 bytes) left as plaintext [M]. */
export function encryptCpText(plain: string, encrypt: BlockCipherFn): string {
  const bytes = utf8.encode(plain);
  const whole = bytes.length - (bytes.length % BLOCK);
  if (whole === 0) return plain;
  const cipher = encrypt(bytes.subarray(0, whole));
  const tail = new TextDecoder().decode(bytes.subarray(whole));
  return formatCipherText(cipher) + tail;
}
