/**
 * Hash chains for records that must be provably unaltered (plan R-21: no tampering with monitoring data or
 * work records). Each entry's hash covers the previous entry's hash and its own canonical content, so changing,
 * deleting or reordering any entry breaks every hash after it. SHA-256, hex.
 */
import { createHash } from 'node:crypto';

/** The hash before the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no whitespace, byte arrays as hex, so the same content always hashes the
 * same on every engine (column order and driver types do not matter).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Uint8Array) return JSON.stringify(`hex:${Buffer.from(value).toString('hex')}`);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`cannot hash ${value}`);
  return JSON.stringify(value);
}

export function entryHash(prevHash: string, content: unknown): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

export interface ChainedEntry {
  /** Position for the report (e.g. the row id). */
  id: number | string;
  prevHash: string;
  hash: string;
  /** The fields the hash covers. */
  content: unknown;
}

export type ChainVerdict =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; firstBroken: { id: number | string; reason: string } };

/**
 * Checks entries in chain order. The first entry must link to `startHash` (GENESIS_HASH by default); each later
 * one to its predecessor's hash; each hash must match its content.
 */
export function verifyChain(entries: Iterable<ChainedEntry>, startHash = GENESIS_HASH): ChainVerdict {
  let expectedPrev = startHash;
  let count = 0;
  for (const e of entries) {
    if (e.prevHash !== expectedPrev) {
      return {
        ok: false,
        count,
        firstBroken: {
          id: e.id,
          reason: 'link to the previous entry is broken (an entry was removed, inserted or reordered)',
        },
      };
    }
    if (entryHash(e.prevHash, e.content) !== e.hash) {
      return {
        ok: false,
        count,
        firstBroken: { id: e.id, reason: 'content does not match its hash (the entry was altered)' },
      };
    }
    expectedPrev = e.hash;
    count++;
  }
  return { ok: true, count, lastHash: expectedPrev };
}
