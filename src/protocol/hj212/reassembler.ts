/**
 * Sub-packet reassembly (HJ 212-2017 §6.3.2 表3 PNUM/PNO with Flag bit D; 附录C C.49/C.50) as a pure state
 * machine: feed decoded packets with `now`, get the merged logical packet once every part is in. Each part has
 * its own QN, CRC and 9014 answer, so the receiver acknowledges parts as they come (hj212.md §7.8).
 * Parts of one message share MN, ST, CN and PNUM; a repeated PNO with the same QN is a retransmission
 * (§6.6: the logger resends when no answer arrives), with a different QN it starts a new message.
 */
import type { CpData, CpFactor, CpParam, Hj212Packet } from './types.ts';

export interface ReassemblerOptions {
  /** Largest PNUM accepted (default 999). */
  readonly maxParts?: number;
  /** Drop an unfinished message this long after its first part (default 10 minutes). */
  readonly ttlMs?: number;
  /** Most unfinished messages kept at once; the oldest is dropped beyond it (default 10,000). */
  readonly maxPending?: number;
}

export interface DroppedMessage {
  readonly key: string;
  readonly reason: 'expired' | 'superseded' | 'evicted';
  readonly pnum: number;
  readonly received: number[];
  readonly parts: Hj212Packet[];
}

export type ReassemblyResult =
  | { readonly kind: 'single'; readonly packet: Hj212Packet; readonly dropped: DroppedMessage[] }
  | {
      readonly kind: 'part';
      readonly key: string;
      readonly pnum: number;
      readonly received: number[];
      readonly duplicate: boolean;
      readonly dropped: DroppedMessage[];
    }
  | {
      readonly kind: 'complete';
      readonly key: string;
      readonly packet: Hj212Packet;
      readonly parts: Hj212Packet[];
      readonly dropped: DroppedMessage[];
    }
  | { readonly kind: 'rejected'; readonly reason: string; readonly dropped: DroppedMessage[] };

export interface Reassembler {
  push(packet: Hj212Packet, now: number): ReassemblyResult;
  /** Drop messages older than the TTL; call it periodically even when no packet arrives. */
  expire(now: number): DroppedMessage[];
  readonly pendingCount: number;
}

interface Pending {
  readonly key: string;
  readonly pnum: number;
  readonly firstSeen: number;
  readonly parts: Map<number, Hj212Packet>;
}

function received(p: Pending): number[] {
  return [...p.parts.keys()].sort((a, b) => a - b);
}

function dropped(p: Pending, reason: DroppedMessage['reason']): DroppedMessage {
  const nums = received(p);
  return {
    key: p.key,
    reason,
    pnum: p.pnum,
    received: nums,
    parts: nums.map((n) => p.parts.get(n) as Hj212Packet),
  };
}

/** Merge parts in PNO order: header of part 1 without PNUM/PNO/D bit, CP items concatenated. */
function merge(parts: Hj212Packet[]): Hj212Packet {
  const first = parts[0] as Hj212Packet;
  const params: CpParam[] = [];
  const factors: CpFactor[] = [];
  for (const part of parts) {
    params.push(...part.cp.params);
    factors.push(...part.cp.factors);
  }
  const cp: CpData =
    first.cp.dataTime === undefined ? { params, factors } : { dataTime: first.cp.dataTime, params, factors };
  const { pnum: _pnum, pno: _pno, ...rest } = first;
  const flag =
    first.flag === undefined ? undefined : { ...first.flag, value: first.flag.value & ~2, split: false };
  return {
    ...rest,
    ...(flag !== undefined ? { flag } : {}),
    cp,
    cpText: parts.map((p) => p.cpText).join(';'),
  };
}

export function createReassembler(options: ReassemblerOptions = {}): Reassembler {
  const maxParts = options.maxParts ?? 999;
  const ttlMs = options.ttlMs ?? 600_000;
  const maxPending = options.maxPending ?? 10_000;
  // Insertion order = age order, which makes expiry and eviction cheap.
  const pending = new Map<string, Pending>();

  function expire(now: number): DroppedMessage[] {
    const out: DroppedMessage[] = [];
    for (const p of pending.values()) {
      if (now - p.firstSeen < ttlMs) break;
      pending.delete(p.key);
      out.push(dropped(p, 'expired'));
    }
    return out;
  }

  function push(packet: Hj212Packet, now: number): ReassemblyResult {
    const gone = expire(now);
    const { pnum, pno } = packet;
    if (pnum === undefined || pno === undefined) return { kind: 'single', packet, dropped: gone };
    if (pnum > maxParts)
      return { kind: 'rejected', reason: `PNUM ${pnum} exceeds ${maxParts}`, dropped: gone };
    if (pnum === 1)
      return { kind: 'complete', key: '', packet: merge([packet]), parts: [packet], dropped: gone };
    const key = `${packet.mn}|${packet.st}|${packet.cn}|${pnum}`;
    let p = pending.get(key);
    const existing = p?.parts.get(pno);
    if (p !== undefined && existing !== undefined) {
      if (existing.qn === packet.qn) {
        return { kind: 'part', key, pnum, received: received(p), duplicate: true, dropped: gone };
      }
      pending.delete(key);
      gone.push(dropped(p, 'superseded'));
      p = undefined;
    }
    if (p === undefined) {
      if (pending.size >= maxPending) {
        const oldest = pending.values().next().value as Pending;
        pending.delete(oldest.key);
        gone.push(dropped(oldest, 'evicted'));
      }
      p = { key, pnum, firstSeen: now, parts: new Map() };
      pending.set(key, p);
    }
    p.parts.set(pno, packet);
    if (p.parts.size < pnum)
      return { kind: 'part', key, pnum, received: received(p), duplicate: false, dropped: gone };
    pending.delete(key);
    const parts = received(p).map((n) => p.parts.get(n) as Hj212Packet);
    return { kind: 'complete', key, packet: merge(parts), parts, dropped: gone };
  }

  return {
    push,
    expire,
    get pendingCount() {
      return pending.size;
    },
  };
}
