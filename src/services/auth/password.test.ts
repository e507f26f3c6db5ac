import { describe, expect, it } from 'vitest';
import { hashPassword, randomSecret, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('淇滨-Qibin-2026');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('淇滨-Qibin-2026', stored)).toBe(true);
    expect(await verifyPassword('淇滨-qibin-2026', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords do not look equal', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$a$b', 'bcrypt$1$2$3$4$5'])
      expect(await verifyPassword('p', bad)).toBe(false);
  });

  it('makes URL-safe random secrets', () => {
    const s = randomSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomSecret()).not.toBe(s);
  });
});
