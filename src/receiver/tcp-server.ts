import { createServer, type Server, type Socket } from 'node:net';
import type { PlausibilityPolicies } from '#config/plausibility.ts';
import type { OutboxRunner } from '#platform/outbox/outbox-runner.ts';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import type { Logger } from '#services/logger.ts';
import { listDeviceStatus } from '#store/device-status.repository.ts';
import type { Db } from '#store/open-db.ts';
import { DEFAULT_NODE_ID, rawPacketChainOf } from '#store/raw-packet-chain.ts';
import { type Connection, handleConnection } from './connection.ts';
import { createConnectionSlots, isRefusal, type Slot } from './connection-slots.ts';
import { createDeviceHealth, type DeviceHealthTable } from './device-health.ts';
import { createDeviceRegistry, type DeviceRegistry } from './device-registry.ts';
import { createEventBus, type EventBus } from './event-bus.ts';
import { createHealthMonitor, type HealthMonitor } from './health-monitor.ts';
import { createIngestWriter, type IngestStats } from './ingest-writer.ts';
import { createLimitLog } from './limit-log.ts';
import { type PacketPlan, planPacket } from './packet-plan.ts';
import { createQuarantineWriter } from './quarantine-writer.ts';
import type { ReceiverEvents } from './receiver-events.ts';
import { DEFAULT_LIMITS, type ReceiverLimits } from './receiver-options.ts';
import { RecentKeys } from './recent-keys.ts';
import { createUnauthenticatedPeers } from './unauthenticated-peers.ts';

/** The HJ 212 TCP receiver (`qingshan serve --tcp-port N`): server, registry, health, group-commit writer. */
export interface Hj212Receiver {
  /** The node this receiver runs on (config `node.id`, issue 14). */
  readonly nodeId: string;
  readonly host: string;
  readonly port: number;
  readonly bus: EventBus<ReceiverEvents>;
  readonly registry: DeviceRegistry;
  readonly health: DeviceHealthTable;
  readonly monitor: HealthMonitor;
  stats(): IngestStats & { connections: number; unproven: number; queued: number };
  /**
   * The periodic housekeeping (run on the health monitor's timer, callable from tests): write buffered
   * quarantine rows, log the aggregated counts of periods that are over (expiry is a durable job).
   */
  housekeeping(): Promise<void>;
  /** Stop accepting, commit and answer what is queued, close every connection. */
  close(): Promise<void>;
}

export interface ReceiverOptions {
  db: Db;
  log: Logger;
  host: string;
  /** 0 = any free port. */
  port: number;
  bus?: EventBus<ReceiverEvents>;
  now?: () => number;
  limits?: Partial<ReceiverLimits>;
  /** Plausibility limits per device (config `plausibility`); default: the documented defaults. */
  plausibility?: PlausibilityPolicies;
  /**
   * This node's name (issue 14, `serve --node-id`); default 'local'. Its packets go to its own hash chain,
   * `raw_packets/<nodeId>`, so receivers on several nodes never wait on each other's chain head.
   */
  nodeId?: string;
  /**
   * Run the offline check on the receiver's timer (default true; tests). `serve` sets false: device health is a
   * durable job over the stored sightings (issue 14), never one receiver's view.
   */
  offlineCheck?: boolean;
  /** The node's outbox runner: registry changes from every process and node (issue 14). */
  outbox?: OutboxRunner;
}

/** A bounded "log once in a while" gate, keyed by cause, so a flood cannot flood the log. */
function logGate(everyMs: number, now: () => number, capacity = 10_000) {
  const last = new Map<string, number>();
  return (key: string): boolean => {
    const t = now();
    const prev = last.get(key);
    if (prev !== undefined && t - prev < everyMs) return false;
    if (last.size >= capacity) last.delete(last.keys().next().value as string);
    last.delete(key);
    last.set(key, t);
    return true;
  };
}

export async function startHj212Receiver(options: ReceiverOptions): Promise<Hj212Receiver> {
  const { log } = options;
  const db = options.db.db;
  const now = options.now ?? Date.now;
  const limits: ReceiverLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const bus = options.bus ?? createEventBus<ReceiverEvents>(log.child('events'));
  const health = createDeviceHealth();
  health.load(await listDeviceStatus(db, Jurisdiction.system('receiver: device health')));
  const registry = await createDeviceRegistry(db, { log, now });
  // Logger changes of this process take effect at once (issue 13); the receiver does not wait for a poll.
  const offRegistry = bus.on('device_registry_changed', 'device-registry', (change) =>
    registry.apply(change),
  );
  // Every node's registry follows the outbox (issue 14): a change made by the CLI, by another process or on another
  // node re-reads that MN within the outbox's wake latency. Without a runner (tests) the old reconciliation stays.
  let closed = false;
  const outbox = options.outbox;
  if (outbox) {
    await outbox.broadcast(
      'device-registry',
      async (events) => {
        for (const e of events) {
          if (closed || e.topic !== 'device.registry_changed') continue;
          await registry.apply({ mn: e.payload.mn, at: e.at, change: e.payload.change });
        }
      },
      { topics: ['device.registry_changed'] },
    );
  }
  let lastReconcile = now();
  const monitor = createHealthMonitor({
    db: options.db,
    log,
    bus,
    now,
    everyMs: limits.healthCheckMs,
    // Rides on the monitor's timer: no timer of its own (see housekeeping).
    onTick: () => housekeeping(),
    offlineCheck: options.offlineCheck ?? true,
  });
  const connections = new Set<Connection>();
  const slots = createConnectionSlots(limits, now);
  const limitLog = createLimitLog(log, limits.limitLogEveryMs, now);
  const peers = createUnauthenticatedPeers({
    log,
    now,
    storedPerMinute: limits.unauthenticatedStoredPerMinute,
    everyMs: limits.limitLogEveryMs,
  });
  const quarantine = createQuarantineWriter(db, { log });
  const housekeeping = async () => {
    peers.flush();
    limitLog.flush();
    // Reconciliation for writers in other processes (the CLI) when no outbox runner was given; with one, the
    // device.registry_changed events replace it. In-process changes never wait for either.
    if (!outbox && now() - lastReconcile >= limits.registryRefreshMs) {
      lastReconcile = now();
      await registry.reload();
    }
    // Expiry of quarantine is the durable job quarantine.sweep (src/platform/jobs), run by one node at a time.
    await quarantine.flush();
  };
  // The open handle, not just Kysely: on SQLite the group commit runs on the driver's prepared statements.
  const writer = createIngestWriter(options.db, {
    log,
    bus,
    chain: rawPacketChainOf(options.nodeId ?? DEFAULT_NODE_ID),
    now,
    flushMs: limits.flushMs,
    maxBatch: limits.maxBatch,
    maxQueued: limits.maxQueued,
    ...(options.nodeId ? { nodeId: options.nodeId } : {}),
    onPressure: (overloaded) => {
      for (const c of connections) c.setGlobalPause(overloaded);
    },
  });
  const recent = new RecentKeys();
  const gate = logGate(60_000, now);

  const plan = (frame: Uint8Array, peer: string, receivedAt: number): PacketPlan =>
    planPacket(frame, {
      peer,
      receivedAt,
      lookup: registry.get,
      health,
      recent,
      onUnknownMn: registry.noteMiss,
      ...(options.plausibility ? { plausibility: options.plausibility } : {}),
    });

  const onPlanned = (p: PacketPlan, peer: string) => {
    // Unauthenticated packets are logged per address, aggregated (unauthenticated-peers.ts).
    if (p.unauthenticated) return;
    if (p.verdict === 'rejected' && gate(`rejected|${peer}`)) {
      log.warn(`${peer}${p.mn ? ` MN ${p.mn}` : ''}: packet rejected (${p.reason}); kept raw, not answered`);
    } else if (p.verdict === 'implausible' && gate(`implausible|${p.mn}`)) {
      log.warn(`MN ${p.mn}: packet implausible (${p.reason}); kept raw, answered, no data stored`);
    } else if (p.verdict === 'quarantined' && gate(`quarantined|${p.mn}`)) {
      log.warn(`${peer} MN ${p.mn}: packet quarantined (${p.reason}); kept raw, no data stored`);
    } else if (p.deviations !== undefined && gate(`deviation|${p.mn}`)) {
      // Tolerated, never silent (RF other than 1, plaintext LLLL, CP without its closing &&): HJ 212-2025.
      log.warn(`MN ${p.mn}: packet accepted with ${p.deviations}`);
    } else if (p.unmapped && p.unmapped.length > 0 && gate(`unmapped|${p.mn}|${p.unmapped.join(',')}`)) {
      log.warn(
        `MN ${p.mn}: factor(s) ${p.unmapped.join(', ')} not in its mapping; packet kept raw, those values not stored (add them with qingshan devices add --factor CODE=PARAMETER)`,
      );
    }
  };

  const owners = new Map<Slot, Connection>();
  /**
   * A place in the connection budgets, or undefined (refused, with a rate-limited warning). When only the
   * unproven budget is full, the unproven connection that has waited longest is closed to make room, once it has
   * waited unprovenEvictAfterMs: a logger sends its first packet right after connecting, so silent sockets
   * cannot hold the door shut — an attacker must keep opening connections faster than that, from many addresses.
   */
  const admit = (address: string, port: number | undefined): Slot | undefined => {
    let result = slots.admit(address);
    if (isRefusal(result) && result.limit === 'maxUnprovenConnections') {
      const oldest = slots.oldestUnproven();
      if (oldest && now() - oldest.since >= limits.unprovenEvictAfterMs) {
        owners.get(oldest)?.close(`evicted for a new connection (${result.message})`, 'unproven-evicted');
        oldest.release();
        result = slots.admit(address);
      }
    }
    if (!isRefusal(result)) return result;
    limitLog.hit(result.limit, `${result.message}: refusing ${address}:${port}`);
    return undefined;
  };

  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    const slot = admit(address, socket.remotePort);
    if (!slot) {
      socket.destroy();
      return;
    }
    const conn = handleConnection(socket, {
      limits,
      log,
      writer,
      now,
      plan,
      onPlanned,
      unauthenticated: (_plan, raw, c) => {
        if (!peers.note(c.address, c.peer, raw)) return;
        quarantine.add(raw);
        if (raw.verdict === 'quarantined')
          bus.emit('packet_quarantined', {
            mn: raw.mn ?? null,
            peer: raw.peer,
            at: now(),
            reason: raw.reason ?? '',
          });
      },
      onProven: () => slot.prove(),
      warn: (kind, message) => {
        if (kind === 'unauthenticated') peers.noteClosed(address);
        else limitLog.hit(kind, message);
      },
      onClose: (c) => {
        connections.delete(c);
        owners.delete(slot);
        slot.release();
      },
    });
    owners.set(slot, conn);
    connections.add(conn);
    if (writer.overloaded) conn.setGlobalPause(true);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        log.error(`HJ 212 TCP port ${options.port} is in use: set --tcp-port or QINGSHAN_TCP_PORT`);
      }
      reject(err);
    };
    server.once('error', onError);
    // A deep accept queue: when thousands of loggers reconnect at once (after a restart), a short queue drops
    // handshakes and they retry seconds later.
    server.listen({ port: options.port, host: options.host, backlog: limits.listenBacklog }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // Rate-limited: accept errors (EMFILE when descriptors run out) repeat for every connection attempt.
  server.on('error', (err) => limitLog.hit('accept', `HJ 212 server: ${err.message}`));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log.info(`HJ 212 receiver listening on tcp://${options.host}:${port}`);

  return {
    nodeId: options.nodeId ?? 'local',
    host: options.host,
    port,
    bus,
    registry,
    health,
    monitor,
    stats: () => ({
      ...writer.stats,
      connections: connections.size,
      unproven: slots.unproven,
      queued: writer.queued,
    }),
    housekeeping,
    async close() {
      closed = true;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      monitor.stop();
      offRegistry();
      registry.stop();
      await writer.close();
      await quarantine.close();
      if (connections.size > 0) log.info(`closing ${connections.size} connection(s)`);
      for (const c of [...connections]) c.shutdown();
      await serverClosed;
    },
  };
}
