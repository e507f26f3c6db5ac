import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * What became of a received packet: stored (its data are in measurements), answered (a control or heartbeat
 * packet, answered), rejected (malformed: reason says why), quarantined (unknown MN or wrong PW: kept apart,
 * never mixed into data), duplicate (a retransmission of data already stored), implausible (a registered
 * logger's well-formed packet whose DataTime or values are impossible: answered, reason says why, never stored
 * as data; rules/plausibility, migration 0010).
 */
export type PacketVerdict = 'stored' | 'answered' | 'rejected' | 'quarantined' | 'duplicate' | 'implausible';

/** Every packet as received, appended before any answer, for audit and replay. */
export interface RawPacketsTable {
  id: Generated<number>;
  received_at: number;
  /** Remote address:port. */
  peer: string;
  mn: string | null;
  cn: string | null;
  qn: string | null;
  bytes: Uint8Array;
  verdict: PacketVerdict;
  reason: string | null;
  /**
   * The hash chain (raw-packet-chain.ts): the previous packet's hash and this one's. Null on packets received
   * before chaining began (migration 0004); every packet since has both.
   */
  prev_hash: string | null;
  hash: string | null;
  /**
   * The chain the row belongs to (a chain_heads name, migration 0017): `raw_packets/<nodeId>` for the node that
   * received it, `raw_packets` for rows stored before chains were per node and for quarantine kept outside.
   */
  chain: Generated<string>;
}

export type RawPacketRow = Selectable<RawPacketsTable>;
/** A packet to append: its id and chain hashes are assigned by the append (raw-packets.repository.ts). */
export type NewRawPacket = Omit<Insertable<RawPacketsTable>, 'id' | 'prev_hash' | 'hash' | 'chain'>;
