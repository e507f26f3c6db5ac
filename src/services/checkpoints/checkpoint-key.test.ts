import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import { keyIdOf, signCheckpoint, verifyCheckpoint } from '#rules/audit/checkpoint.ts';
import { memoryLogger } from '#services/logger.ts';
import { loadOrCreateSigningKey, loadVerifyingKeys } from './checkpoint-key.ts';
import { checkpointSettings, dataFolderOf } from './checkpoint-paths.ts';

const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qs-key-'));
  return { dir, ...checkpointSettings({ db: join(dir, 'qingshan.sqlite') }, 'n1') };
};

describe('the checkpoint signing key', () => {
  it('is created on first use next to the SQLite file, mode 0600, with its public key beside it', async () => {
    const s = fresh();
    expect(s.keyFile).toBe(join(s.dir, 'checkpoint-key.pem'));
    expect(s.publicKeyFile).toBe(join(s.dir, 'checkpoint-key.pub.pem'));
    expect(s.checkpointFile).toBe(join(s.dir, 'checkpoints.jsonl'));
    const log = memoryLogger('debug');
    const key = await loadOrCreateSigningKey(s.keyFile, s.publicKeyFile, log);
    expect(statSync(s.keyFile).mode & 0o777).toBe(0o600);
    const privatePem = readFileSync(s.keyFile, 'utf8');
    expect(privatePem).toMatch(/BEGIN PRIVATE KEY/);
    // The verifier needs only the public file.
    const [publicKey] = await loadVerifyingKeys([s.publicKeyFile]);
    if (!publicKey) throw new Error('no public key');
    expect(keyIdOf(publicKey)).toBe(key.keyId);
    const cp = signCheckpoint(
      { chain: 'audit_log', headId: 1, headHash: 'a'.repeat(64), at: '2026-12-05T00:00:00.000Z', node: 'n1' },
      key.privateKey,
    );
    expect(verifyCheckpoint(cp, publicKey)).toBe(true);
    // Never logged: not the key, not a line of it.
    const body = privatePem.split('\n')[1] as string;
    expect(log.lines.join('\n')).not.toContain(body.slice(0, 20));
    expect(log.lines.join('\n')).toMatch(/checkpoint signing key created/);
  });

  it('is the same key on every later use, and two processes creating it at once agree', async () => {
    const s = fresh();
    const [a, b] = await Promise.all([
      loadOrCreateSigningKey(s.keyFile, s.publicKeyFile),
      loadOrCreateSigningKey(s.keyFile, s.publicKeyFile),
    ]);
    const c = await loadOrCreateSigningKey(s.keyFile, s.publicKeyFile);
    expect(new Set([a?.keyId, b?.keyId, c.keyId]).size).toBe(1);
  });

  it('warns (without the key) when the key file can be read by others, and refuses a key that is not Ed25519', async () => {
    const s = fresh();
    await loadOrCreateSigningKey(s.keyFile, s.publicKeyFile);
    chmodSync(s.keyFile, 0o644);
    const log = memoryLogger('debug');
    await loadOrCreateSigningKey(s.keyFile, s.publicKeyFile, log);
    expect(log.lines.join('\n')).toMatch(/can be read by other users \(mode 644\): chmod 600/);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(s.keyFile, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadOrCreateSigningKey(s.keyFile, s.publicKeyFile)).rejects.toThrow(/not an Ed25519 key/);
    writeFileSync(s.keyFile, 'garbage');
    await expect(loadOrCreateSigningKey(s.keyFile, s.publicKeyFile)).rejects.toThrow(/not a PEM private key/);
  });

  it('reads verifying keys from public or private PEM files, and names a missing one', async () => {
    const s = fresh();
    const key = await loadOrCreateSigningKey(s.keyFile, s.publicKeyFile);
    const keys = await loadVerifyingKeys([s.publicKeyFile, s.keyFile]);
    expect(keys.map(keyIdOf)).toEqual([key.keyId, key.keyId]);
    await expect(loadVerifyingKeys([join(s.dir, 'nope.pem')])).rejects.toThrow(/cannot read public key/);
  });
});

describe('dataFolderOf', () => {
  it.each([
    ['./data/qingshan.sqlite', 'data'],
    ['sqlite:/var/lib/qingshan/q.sqlite', '/var/lib/qingshan'],
    [':memory:', 'data'],
    ['postgres://u:p@db/qingshan', 'data'],
  ])('%s → %s', (db, folder) => {
    expect(dataFolderOf(db).replace(/^\.\//, '')).toBe(folder);
  });

  it('takes the key file and the checkpoint file from the config (file or environment)', () => {
    const config = loadConfig({
      env: {
        QINGSHAN_CHECKPOINT_KEY_FILE: '/etc/qingshan/cp.pem',
        QINGSHAN_CHECKPOINT_FILE: '/srv/log/cp.jsonl',
      },
    });
    expect(checkpointSettings(config, 'n9')).toEqual({
      keyFile: '/etc/qingshan/cp.pem',
      publicKeyFile: '/etc/qingshan/cp.pub.pem',
      checkpointFile: '/srv/log/cp.jsonl',
      node: 'n9',
    });
  });
});
