import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, in Node's crypto). Stored as `scrypt$N$r$p$salt$hash` (base64) so the
 * cost can rise later without breaking existing hashes. N = 2^15, r = 8 needs 32 MiB per hash: slow enough to
 * blunt guessing, fast enough (~100 ms) for a log-in.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(parts[5] as string, 'base64');
  const key = await derive(password, Buffer.from(parts[4] as string, 'base64'), n, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random secret for first-start administrators and API tokens: 24 bytes, URL-safe. */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
