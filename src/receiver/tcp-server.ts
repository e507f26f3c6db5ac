import { createServer, type Server, type Socket } from 'node:net';
import type { PlausibilityPolicies } from '#config/plausibility.ts';
import type { Logger } from '#services/logger.ts';
import { listDeviceStatus } from '#store/device-status.repository.ts';
import type { Db } from '#store/open-db.ts';
import { type Connection, handleConnection } from './connection.ts';
import { createDeviceHealth, type DeviceHealthTable } from './device-health.ts';
import { createDeviceRegistry, type DeviceRegistry } from './device-registry.ts';
import { createEventBus, type EventBus } from './event-bus.ts';
import { createHealthMonitor, type HealthMonitor } from './health-monitor.ts';
import { createIngestWriter, type IngestStats } from './ingest-writer.ts';
import { type PacketPlan, planPacket } from './packet-plan.ts';
import type { ReceiverEvents } from './receiver-events.ts';
import { DEFAULT_LIMITS, type ReceiverLimits } from './receiver-options.ts';
import { RecentKeys } from './recent-keys.ts';

/** The HJ 212 TCP receiver (`qingshan serve --tcp-port N`): server, registry, health, group-commit writer. */
export interface Hj212Receiver {
  readonly host: string;
  readonly port: number;
  readonly bus: EventBus<ReceiverEvents>;
  readonly registry: DeviceRegistry;
  readonly health: DeviceHealthTable;
  readonly monitor: HealthMonitor;
  stats(): IngestStats & { connections: number; queued: number };
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
  health.load(await listDeviceStatus(db));
  const registry = await createDeviceRegistry(db, {
    log,
    refreshMs: limits.registryRefreshMs,
    now,
  });
  const monitor = createHealthMonitor({
    db,
    log,
    bus,
    health,
    devices: () => registry.all(),
    now,
    everyMs: limits.healthCheckMs,
  });
  const connections = new Set<Connection>();
  // The open handle, not just Kysely: on SQLite the group commit runs on the driver's prepared statements.
  const writer = createIngestWriter(options.db, {
    log,
    bus,
    now,
    flushMs: limits.flushMs,
    maxBatch: limits.maxBatch,
    maxQueued: limits.maxQueued,
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
    if (p.verdict === 'rejected' && gate(`rejected|${peer}`)) {
      log.warn(`${peer}${p.mn ? ` MN ${p.mn}` : ''}: packet rejected (${p.reason}); kept raw, not answered`);
    } else if (p.verdict === 'implausible' && gate(`implausible|${p.mn}`)) {
      log.warn(`MN ${p.mn}: packet implausible (${p.reason}); kept raw, answered, no data stored`);
    } else if (p.verdict === 'quarantined' && gate(`quarantined|${p.mn}`)) {
      log.warn(`${peer} MN ${p.mn}: packet quarantined (${p.reason}); kept raw, no data stored`);
    } else if (p.unmapped && p.unmapped.length > 0 && gate(`unmapped|${p.mn}|${p.unmapped.join(',')}`)) {
      log.warn(
        `MN ${p.mn}: factor(s) ${p.unmapped.join(', ')} not in its mapping; packet kept raw, those values not stored (add them with qingshan devices add --factor CODE=PARAMETER)`,
      );
    }
  };

  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, (socket: Socket) => {
    if (connections.size >= limits.maxConnections) {
      if (gate('max-connections')) {
        log.warn(
          `connection limit ${limits.maxConnections} reached: refusing ${socket.remoteAddress}:${socket.remotePort}`,
        );
      }
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
      onClose: (c) => connections.delete(c),
    });
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
  server.on('error', (err) => log.error(`HJ 212 server: ${err.message}`));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  log.info(`HJ 212 receiver listening on tcp://${options.host}:${port}`);

  return {
    host: options.host,
    port,
    bus,
    registry,
    health,
    monitor,
    stats: () => ({ ...writer.stats, connections: connections.size, queued: writer.queued }),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      monitor.stop();
      registry.stop();
      await writer.close();
      if (connections.size > 0) log.info(`closing ${connections.size} connection(s)`);
      for (const c of [...connections]) c.shutdown();
      await closed;
    },
  };
}
