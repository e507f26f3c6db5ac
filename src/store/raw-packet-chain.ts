import * as nodeCrypto from 'node:crypto';

/**
 * The hash chains of raw HJ 212 packets (plan R-21, issue 5): every packet row, as received, links to the one
 * before it in its chain (prev_hash) and carries the hash of its own content and that link, so a stored packet —
 * and hence every value taken from it — can be shown unchanged since arrival. A chain runs in id order; its
 * newest hash is its row of chain_heads, locked by the transaction that appends.
 *
 * Since issue 14 each receiving node appends to its own chain, `raw_packets/<nodeId>` (raw_packets.chain), so
 * nodes sharing one PostgreSQL never wait on each other's head row. `raw_packets` is the legacy chain: the rows
 * stored before (migration 0017), and the default of callers that name no node.
 */
export const RAW_PACKET_CHAIN = 'raw_packets';

/** The node a receiver runs as when none is named. */
export const DEFAULT_NODE_ID = 'local';

/** The chain a receiving node appends to. */
export function rawPacketChainOf(nodeId: string): string {
  // Printable ASCII (a host name and port, say): the name is also signed into checkpoints (rules/audit/checkpoint.ts).
  if (!/^[\x21-\x7e]{1,200}$/.test(nodeId)) {
    throw new RangeError(
      `node id ${JSON.stringify(nodeId)} must be 1–200 printable ASCII characters, no spaces`,
    );
  }
  return `${RAW_PACKET_CHAIN}/${nodeId}`;
}

/** True for the raw packet chains (the legacy one and every node's). */
export const isRawPacketChain = (name: string): boolean =>
  name === RAW_PACKET_CHAIN || name.startsWith(`${RAW_PACKET_CHAIN}/`);

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
