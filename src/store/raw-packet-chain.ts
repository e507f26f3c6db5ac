import * as nodeCrypto from 'node:crypto';

/**
 * The hash chain of raw HJ 212 packets (plan R-21, issue 5): every packet row, as received, links to the one
 * before it (prev_hash) and carries the hash of its own content and that link, so a stored packet — and hence
 * every value taken from it — can be shown unchanged since arrival. The chain runs in id order; its newest
 * hash is the `raw_packets` row of chain_heads, locked by the transaction that appends.
 */
export const RAW_PACKET_CHAIN = 'raw_packets';

/** The fields a raw packet's hash covers (besides the previous hash). */
export interface RawPacketHashedFields {
  id: number;
  received_at: number;
  peer: string;
  mn?: string | null;
  cn?: string | null;
  qn?: string | null;
  bytes: Uint8Array;
  verdict: string;
  reason?: string | null;
}

/** The hashed content as an object (the definition; `rawPacketHash` is its fast equivalent). */
export function rawPacketContent(p: RawPacketHashedFields): Required<RawPacketHashedFields> {
  return {
    id: Number(p.id),
    received_at: Number(p.received_at),
    peer: p.peer,
    mn: p.mn ?? null,
    cn: p.cn ?? null,
    qn: p.qn ?? null,
    bytes: p.bytes,
    verdict: p.verdict,
    reason: p.reason ?? null,
  };
}

/** One-shot `crypto.hash` (Node ≥ 20.12) is about twice as fast as createHash for one short input. */
const sha256Hex: (s: string) => string =
  typeof nodeCrypto.hash === 'function'
    ? (s) => nodeCrypto.hash('sha256', s, 'hex')
    : (s) => nodeCrypto.createHash('sha256').update(s).digest('hex');

const text = (s: string | null | undefined) => (s === null || s === undefined ? 'null' : JSON.stringify(s));

function integer(n: number | bigint, field: string): number {
  const v = Number(n);
  if (!Number.isSafeInteger(v)) throw new RangeError(`raw packet ${field} ${n} is not an integer`);
  return v;
}

/**
 * SHA-256 (hex) of `prevHash`, a newline and the canonical JSON of `rawPacketContent(p)` — byte for byte what
 * `entryHash(prevHash, rawPacketContent(p))` of the audit chain computes (a test holds them equal), written out
 * with the keys in their sorted order and hashed in one call, so the receiver's group commit pays about one
 * SHA-256 of ~1 KB per packet and little else.
 */
export function rawPacketHash(prevHash: string, p: RawPacketHashedFields): string {
  const b = p.bytes;
  const bytes = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length);
  return sha256Hex(
    `${prevHash}\n{"bytes":"hex:${bytes.toString('hex')}","cn":${text(p.cn)},"id":${integer(p.id, 'id')},` +
      `"mn":${text(p.mn)},"peer":${JSON.stringify(p.peer)},"qn":${text(p.qn)},"reason":${text(p.reason)},` +
      `"received_at":${integer(p.received_at, 'received_at')},"verdict":${JSON.stringify(p.verdict)}}`,
  );
}
