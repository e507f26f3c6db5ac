/**
 * Signed checkpoints of a hash chain's head (issue 11): the statement "at time T, node N saw chain C end at row I
 * with hash H", signed with Ed25519 by a key kept outside the database. A chain alone cannot show that someone
 * with write access did not rewrite a row and recompute every later hash; a checkpoint kept where the database
 * cannot rewrite it can, as Certificate Transparency's signed tree heads do for its logs (RFC 6962 §3.5).
 *
 * One checkpoint is one line of JSON (the append-only file's format). No I/O here: keys come in as KeyObjects.
 */
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './hash-chain.ts';

export const CHECKPOINT_VERSION = 1;

/**
 * What a signature covers: a fixed prefix, so that a signature made for anything else can never pass as a
 * checkpoint (domain separation), then the canonical JSON of the statement.
 */
const SIGNING_PREFIX = 'qingshan chain checkpoint v1\n';

/** The signed fields of a checkpoint. */
export interface CheckpointStatement {
  v: typeof CHECKPOINT_VERSION;
  /** The chain's name in chain_heads: 'audit_log', 'raw_packets' or a node's 'raw_packets/<nodeId>'. */
  chain: string;
  /** The id of the chain's newest row (its position), null while the chain has none. */
  headId: number | null;
  /** That row's hash (SHA-256 hex); the genesis hash while the chain is empty. */
  headHash: string;
  /** When the head was read, ISO 8601 in UTC. */
  at: string;
  /** The node that read and signed it (host name). */
  node: string;
  /** Which key signed it: see keyIdOf. */
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointStatement {
  /** Ed25519 signature of the statement, base64. */
  sig: string;
}

const FIELDS = ['v', 'chain', 'headId', 'headHash', 'at', 'node', 'keyId', 'sig'] as const;
const HASH_RE = /^[0-9a-f]{64}$/;
const KEY_ID_RE = /^[0-9a-f]{16}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** 64 signature bytes in base64. */
const SIG_RE = /^[A-Za-z0-9+/]{86}==$/;
/** A chain_heads name; a node's own chain adds `/<nodeId>` (printable ASCII, issue 14: raw_packets/<nodeId>). */
const CHAIN_RE = /^[a-z][a-z0-9_]{0,62}(\/[\x21-\x7e]{1,200})?$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a node name refuses
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/** The key's id: the first 64 bits (hex) of the SHA-256 of its public key (DER SubjectPublicKeyInfo). */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** The bytes a checkpoint's signature covers. */
export function signedBytes(s: CheckpointStatement): Buffer {
  const { v, chain, headId, headHash, at, node, keyId } = s;
  return Buffer.from(SIGNING_PREFIX + canonicalJson({ v, chain, headId, headHash, at, node, keyId }), 'utf8');
}

/** Why a statement cannot be a checkpoint, or undefined when every field is well formed. */
export function statementProblem(s: CheckpointStatement): string | undefined {
  if (s.v !== CHECKPOINT_VERSION) return `unknown version ${String(s.v)}`;
  if (typeof s.chain !== 'string' || !CHAIN_RE.test(s.chain)) return 'chain is not a chain name';
  if (s.headId !== null && !Number.isSafeInteger(s.headId)) return 'headId is not an integer or null';
  if (typeof s.headHash !== 'string' || !HASH_RE.test(s.headHash)) return 'headHash is not a SHA-256 hex';
  if (typeof s.at !== 'string' || !ISO_RE.test(s.at) || new Date(s.at).toISOString() !== s.at) {
    return 'at is not an ISO 8601 UTC time';
  }
  if (typeof s.node !== 'string' || s.node.length === 0 || s.node.length > 255 || CONTROL_RE.test(s.node)) {
    return 'node is not a node name';
  }
  if (typeof s.keyId !== 'string' || !KEY_ID_RE.test(s.keyId)) return 'keyId is not a key id';
  return undefined;
}

/** Signs a head with an Ed25519 private key; the key's id goes into the signed statement. */
export function signCheckpoint(
  head: Omit<CheckpointStatement, 'v' | 'keyId'>,
  privateKey: KeyObject,
): SignedCheckpoint {
  const statement: CheckpointStatement = { v: CHECKPOINT_VERSION, ...head, keyId: keyIdOf(privateKey) };
  const problem = statementProblem(statement);
  if (problem) throw new RangeError(`cannot sign checkpoint: ${problem}`);
  // Ed25519 takes no digest name: the algorithm hashes internally (RFC 8032).
  return { ...statement, sig: sign(null, signedBytes(statement), privateKey).toString('base64') };
}

/**
 * True when `cp` is well formed, names the key `publicKey` has, and its signature over every signed field
 * verifies with that key. Any change to a signed field, or to the signature, makes it false.
 */
export function verifyCheckpoint(cp: SignedCheckpoint, publicKey: KeyObject): boolean {
  if (statementProblem(cp) !== undefined || typeof cp.sig !== 'string' || !SIG_RE.test(cp.sig)) return false;
  if (cp.keyId !== keyIdOf(publicKey)) return false;
  return verify(null, signedBytes(cp), publicKey, Buffer.from(cp.sig, 'base64'));
}

/** One line of the checkpoint file (without its newline): the fields in a fixed order, readable by people. */
export function formatCheckpointLine(cp: SignedCheckpoint): string {
  return JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, cp[f]])));
}

export type ParsedLine = { ok: true; checkpoint: SignedCheckpoint } | { ok: false; reason: string };

/** Reads one line of the checkpoint file; refuses anything but exactly the checkpoint's fields, well formed. */
export function parseCheckpointLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  const keys = Object.keys(value).sort();
  if (keys.join(',') !== [...FIELDS].sort().join(',')) {
    return { ok: false, reason: `fields are not ${FIELDS.join(', ')}` };
  }
  const cp = value as SignedCheckpoint;
  const problem = statementProblem(cp);
  if (problem) return { ok: false, reason: problem };
  if (typeof cp.sig !== 'string' || !SIG_RE.test(cp.sig)) {
    return { ok: false, reason: 'sig is not an Ed25519 signature' };
  }
  return { ok: true, checkpoint: cp };
}
