import type { Logger } from '#services/logger.ts';

/**
 * Packets the receiver cannot authenticate (unknown MN, disabled device, wrong PW, undecodable), per peer
 * address (issue 11, finding 6). The CRC is public, so anyone can send well-formed packets for free: per
 * address and minute only `storedPerMinute` are kept raw (for the operator's quarantine view); the rest are
 * counted. The log gets the first packet of each kind (unknown MN, wrong PW, crc-mismatch, …) per address and
 * period at once, in full (what an operator registering a new logger wants to see), then one line per address
 * per period with the counts — never one line per packet.
 */
export interface UnauthenticatedPeers {
  /** Note one packet; true when it is to be kept raw. */
  note(address: string, peer: string, packet: NotedPacket): boolean;
  /** A connection from `address` was closed for sending too many of them. */
  noteClosed(address: string): void;
  /** Write the summary lines of periods that are over (the receiver's periodic housekeeping calls this). */
  flush(): void;
}

export interface NotedPacket {
  mn?: string | null;
  verdict: string;
  reason?: string | null;
}

export interface UnauthenticatedPeersOptions {
  log: Logger;
  now: () => number;
  storedPerMinute: number;
  /** The aggregation period of the log (ms). */
  everyMs: number;
  /** Addresses tracked at once; beyond, the oldest is summarized and forgotten. */
  capacity?: number;
}

interface Tally {
  /** Start of the current one-minute storage window, and packets kept in it. */
  minute: number;
  keptThisMinute: number;
  /** Since the last log line of this address. */
  since: number;
  seen: number;
  /** Of those, written to the log in full (the first of each kind). */
  logged: number;
  kept: number;
  closed: number;
  reasons: Map<string, number>;
  mns: Set<string>;
}

const MINUTE = 60_000;
const MNS_SHOWN = 5;

/** The reason's code: "unknown MN (not in …)" → "unknown MN", "crc-mismatch: …" → "crc-mismatch". */
const reasonKey = (reason: string) => reason.split(/[:(]/)[0]?.trim() || reason;

export function createUnauthenticatedPeers(options: UnauthenticatedPeersOptions): UnauthenticatedPeers {
  const { log, now, everyMs } = options;
  const capacity = options.capacity ?? 10_000;
  const tallies = new Map<string, Tally>();

  const summarize = (address: string, t: Tally) => {
    // Nothing beyond the lines already written in full.
    if (t.seen <= t.logged && t.closed === 0) return;
    const reasons = [...t.reasons].map(([r, n]) => `${r} ×${n}`).join(', ');
    const mns = [...t.mns].join(', ') + (t.mns.size >= MNS_SHOWN ? ', …' : '');
    log.warn(
      `${address}: ${t.seen} unauthenticated packet(s) in ${Math.round((now() - t.since) / 1000)} s (${reasons}; MN ${mns || 'none'}): ${t.kept} kept raw in quarantine, ${t.seen - t.kept} only counted; ${t.closed} connection(s) closed`,
    );
  };

  const fresh = (at: number): Tally => ({
    minute: at,
    keptThisMinute: 0,
    since: at,
    seen: 0,
    logged: 0,
    kept: 0,
    closed: 0,
    reasons: new Map(),
    mns: new Set(),
  });

  const tallyOf = (address: string, at: number): Tally => {
    let tally = tallies.get(address);
    if (tally && at - tally.since >= everyMs) {
      summarize(address, tally);
      tallies.delete(address);
      tally = undefined;
    }
    if (tally) return tally;
    if (tallies.size >= capacity) {
      const [oldest, t] = tallies.entries().next().value as [string, Tally];
      summarize(oldest, t);
      tallies.delete(oldest);
    }
    tally = fresh(at);
    tallies.set(address, tally);
    return tally;
  };

  return {
    note(address, peer, { mn, verdict, reason: why }) {
      const reason = why ?? verdict;
      const at = now();
      const tally = tallyOf(address, at);
      if (at - tally.minute >= MINUTE) {
        tally.minute = at;
        tally.keptThisMinute = 0;
      }
      const keep = tally.keptThisMinute < options.storedPerMinute;
      if (keep) tally.keptThisMinute++;
      const key = reasonKey(reason);
      const firstOfKind = !tally.reasons.has(key);
      tally.reasons.set(key, (tally.reasons.get(key) ?? 0) + 1);
      tally.seen++;
      if (keep) tally.kept++;
      if (mn && tally.mns.size < MNS_SHOWN) tally.mns.add(mn);
      if (firstOfKind) {
        // The first of each kind in a period, in full (what an operator registering a new logger looks for).
        tally.logged++;
        log.warn(
          `${peer}${mn ? ` MN ${mn}` : ''}: packet ${verdict} (${reason}); ${keep ? 'kept raw' : 'counted'}, not answered, no data stored`,
        );
      }
      return keep;
    },
    noteClosed(address) {
      tallyOf(address, now()).closed++;
    },
    flush() {
      const at = now();
      for (const [address, t] of tallies) {
        if (at - t.since < everyMs) continue;
        summarize(address, t);
        tallies.delete(address);
      }
    },
  };
}
