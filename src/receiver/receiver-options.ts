/** Limits and timings of the HJ 212 receiver; every one has a default fit for a district platform. */
export interface ReceiverLimits {
  /** Connections beyond this are refused with a log line. */
  maxConnections: number;
  /**
   * Connections from one IP address (proven or not). Generous: loggers on mobile networks share carrier NAT
   * addresses; the tight cap is the unproven one below.
   */
  maxConnectionsPerAddress: number;
  /**
   * Connections that have not yet sent an authenticated packet (registered, enabled MN with the right PW):
   * all of them, and per IP address. The rest of maxConnections is reserved for proven loggers, so silent or
   * unauthenticated sockets can never lock registered loggers out (issue 11, finding 4).
   */
  maxUnprovenConnections: number;
  maxUnprovenPerAddress: number;
  /** An unproven connection is closed after this long (proven ones get idleTimeoutMs). */
  unprovenTimeoutMs: number;
  /**
   * When the unproven budget is full, the oldest unproven connection makes room for a new one if it has waited
   * at least this long (a logger mid-handshake in a reconnect storm is not evicted; silent sockets are).
   */
  unprovenEvictAfterMs: number;
  /**
   * Packets the receiver cannot authenticate (unknown MN, disabled device, wrong PW, undecodable) on one
   * unproven connection before it is closed.
   */
  maxUnauthenticatedPackets: number;
  /**
   * Of those, per IP address and minute, how many are kept raw (outside the hash chain, pruned after
   * quarantineRetentionDays); the rest are only counted in the aggregated log line.
   */
  unauthenticatedStoredPerMinute: number;
  /** Quarantined (unauthenticated) packets older than this are removed by the periodic sweep. */
  quarantineRetentionDays: number;
  /** Each limit warning and each peer's aggregated quarantine line is logged at most once per this period. */
  limitLogEveryMs: number;
  /** Accept queue length (capped by the kernel's net.core.somaxconn). */
  listenBacklog: number;
  /**
   * A proven connection silent this long is closed (real-time intervals go up to 3600 s, hj212.md §7.11: an
   * hourly logger without heartbeats keeps its connection between packets). Unproven: unprovenTimeoutMs.
   */
  idleTimeoutMs: number;
  /** Largest frame the splitter waits for; longer runs are discarded as oversized and the stream resyncs. */
  maxPacketBytes: number;
  /** Bytes that are not HJ 212 frames, since the last good packet, before the connection is closed. */
  maxGarbageBytes: number;
  /** Rejected or quarantined packets in a row before the connection is closed. */
  maxBadPackets: number;
  /** Packets of one connection waiting for their commit/answer before its reading pauses. */
  maxInFlightPerConnection: number;
  /** Answer bytes a connection has not read yet before its reading pauses (a slow reader). */
  maxPendingWriteBytes: number;
  /** Group commit: longest wait (ms) and most packets per transaction. */
  flushMs: number;
  maxBatch: number;
  /** Packets queued for the writer before every connection pauses. */
  maxQueued: number;
  /**
   * Offline check period (ms), and how often the registry is reconciled with the store on that check's tick (ms):
   * only for changes written by other processes (the CLI); changes through the platform apply at once.
   */
  healthCheckMs: number;
  registryRefreshMs: number;
}

export const DEFAULT_LIMITS: Readonly<ReceiverLimits> = {
  maxConnections: 5000,
  maxConnectionsPerAddress: 500,
  maxUnprovenConnections: 1000,
  maxUnprovenPerAddress: 20,
  unprovenTimeoutMs: 60_000,
  unprovenEvictAfterMs: 2_000,
  maxUnauthenticatedPackets: 5,
  unauthenticatedStoredPerMinute: 10,
  quarantineRetentionDays: 30,
  limitLogEveryMs: 60_000,
  listenBacklog: 4096,
  // Past an hour: silent sockets no longer hold a place this long (they are unproven: 60 s).
  idleTimeoutMs: 65 * 60_000,
  maxPacketBytes: 65_536,
  maxGarbageBytes: 64 * 1024,
  maxBadPackets: 50,
  maxInFlightPerConnection: 256,
  maxPendingWriteBytes: 256 * 1024,
  flushMs: 4,
  maxBatch: 4000,
  maxQueued: 100_000,
  healthCheckMs: 15_000,
  registryRefreshMs: 10_000,
};
