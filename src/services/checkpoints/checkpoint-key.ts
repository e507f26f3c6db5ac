import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { keyIdOf } from '#rules/audit/checkpoint.ts';
import { UserError } from '#services/errors.ts';
import type { Logger } from '#services/logger.ts';

/**
 * The key that signs checkpoints, kept outside the database (issue 11): whoever can rewrite the database should
 * not also hold it. Its bytes never reach a log or an answer; only its id and file names do.
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

const errnoOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

function asEd25519(key: KeyObject, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new UserError(
      'bad_checkpoint_key',
      `检查点密钥不是 Ed25519 密钥 / checkpoint key ${file} is not an Ed25519 key (${key.asymmetricKeyType})`,
    );
  }
  return key;
}

async function readPrivateKey(keyFile: string, log?: Logger): Promise<KeyObject | undefined> {
  let pem: Buffer;
  try {
    pem = await fs.readFile(keyFile);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw err;
  }
  const mode = (await fs.stat(keyFile)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    log?.warn(
      `checkpoint key ${keyFile} can be read by other users (mode ${mode.toString(8)}): chmod 600 ${keyFile}`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    // The parser's message could quote the file; say only what is wrong.
    throw new UserError(
      'bad_checkpoint_key',
      `检查点密钥无法读取 / checkpoint key ${keyFile} is not a PEM private key`,
    );
  }
  return asEd25519(key, keyFile);
}

/**
 * Writes `data` to `file` only if it does not exist yet, atomically: to a temporary file with `mode` first, then
 * linked into place. Of two processes creating it at once one wins, and the other then reads the winner's whole
 * file — never a half-written one. False when the file was already there.
 */
async function createExclusive(file: string, data: string, mode: number): Promise<boolean> {
  await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.unlink(tmp);
  }
}

/**
 * The signing key in `keyFile`, created on first use (Ed25519, PKCS#8 PEM, mode 0600), with its public key
 * (SPKI PEM) written to `publicKeyFile` when that is missing or stale, so a verifier needs only that file.
 */
export async function loadOrCreateSigningKey(
  keyFile: string,
  publicKeyFile: string,
  log?: Logger,
): Promise<SigningKey> {
  let privateKey = await readPrivateKey(keyFile, log);
  if (!privateKey) {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    if (await createExclusive(keyFile, pem.toString(), 0o600)) {
      log?.info(`checkpoint signing key created: ${keyFile} (mode 600; public key ${publicKeyFile})`);
    }
    privateKey = await readPrivateKey(keyFile, log);
    if (!privateKey) throw new Error(`checkpoint key ${keyFile} vanished while it was created`);
  }
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const current = await fs.readFile(publicKeyFile, 'utf8').catch(() => undefined);
  if (current !== publicPem) {
    // Written whole then renamed over: a verifier never reads half a public key.
    const tmp = `${publicKeyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, publicPem, { mode: 0o644 });
    await fs.rename(tmp, publicKeyFile);
  }
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Public keys for verifying, from PEM files: a public key (SPKI), or a private key whose public half is taken.
 */
export async function loadVerifyingKeys(files: readonly string[]): Promise<KeyObject[]> {
  const keys: KeyObject[] = [];
  for (const file of files) {
    let pem: Buffer;
    try {
      pem = await fs.readFile(file);
    } catch (err) {
      throw new UserError(
        'no_public_key',
        `无法读取公钥 / cannot read public key ${file}: ${errnoOf(err) ?? 'error'}`,
      );
    }
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new UserError('bad_public_key', `公钥无法识别 / ${file} is not a PEM public key`);
    }
    keys.push(asEd25519(key, file));
  }
  return keys;
}
