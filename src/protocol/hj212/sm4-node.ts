/**
 * SM4-ECB without padding on Node's built-in OpenSSL (`sm4-ecb` cipher), to inject as `decryptCp`/`encryptCp`.
 * Kept apart from the codec so that the codec imports nothing; only this adapter depends on `node:crypto`.
 * HJ 212-2025 [M]: SM4 (GB/T 32907), ECB, no padding, 16-byte key (the standard's test key is 16 × 0x30).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { BlockCipherFn } from './result-types.ts';

export interface Sm4Ecb {
  readonly encrypt: BlockCipherFn;
  readonly decrypt: BlockCipherFn;
}

/** Build SM4-ECB encrypt/decrypt functions for one device key (16 bytes). Throws on a wrong key length. */
export function createNodeSm4Ecb(key: Uint8Array): Sm4Ecb {
  if (key.length !== 16) throw new RangeError(`SM4 key must be 16 bytes, got ${key.length}`);
  const k = Buffer.from(key);
  const run = (decipher: boolean, data: Uint8Array): Uint8Array => {
    const c = decipher ? createDecipheriv('sm4-ecb', k, null) : createCipheriv('sm4-ecb', k, null);
    c.setAutoPadding(false);
    return Buffer.concat([c.update(data), c.final()]);
  };
  return { encrypt: (data) => run(false, data), decrypt: (data) => run(true, data) };
}
