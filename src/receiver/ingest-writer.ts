import { Kysely } from 'kysely';
import { createCommitWaker } from '#platform/outbox/outbox-wake.ts';
import type { Logger } from '#services/logger.ts';
import type { DeviceSightingRow, NewEvent } from '#store/device-status.table.ts';
import type { NewOutboxEvent } from '#store/outbox.repository.ts';
import type { NewRawPacket } from '#store/raw-packets.table.ts';
import { readingsJson } from '#store/realtime-values.repository.ts';
import type { NewRealtimeValues } from '#store/realtime-values.table.ts';
import type { IngestMeasurement, IngestRealtime, IngestTarget } from '#store/receiver-batch.repository.ts';
import type { EventBus } from './event-bus.ts';
import { openIngestSink } from './ingest-sink.ts';
import type { PacketPlan } from './packet-plan.ts';
import type { ReceiverEvents } from './receiver-events.ts';

/**
 * Group commit: packets of every connection go into one queue; the writer commits them every `flushMs` or
 * `maxBatch` packets in ONE transaction (raw packets with verdicts + values + device status + events), and only
 * when the commit has resolved does it call each item's `done(true)` — which writes the answer to its socket.
 * A failed commit answers nothing (`done(false)`): the loggers resend, no acknowledged value is ever missing.
 */
export interface IngestItem {
  raw: NewRawPacket;
  plan: PacketPlan;
  /** Called once the commit holding this item has resolved (shared per connection: no closure per packet). */
  done: (item: IngestItem, committed: boolean) => void;
  /** Set on enqueue: a 2011 packet's values as one row (its received_at is set by the commit). */
  realtime?: IngestRealtime;
  /** How many values `realtime` holds (for the stats). */
  realtimeCount?: number;
}

/** Shared by every compacted plan; frozen so that a stray push fails loudly instead of leaking into others. */
const NO_VALUES = Object.freeze([]) as unknown as IngestMeasurement[];

/**
 * A 2011 packet's values become its realtime_values row as soon as it is queued: a packet waits for its
 * commit while thousands of others arrive, and one string survives the young-generation GCs of that wait far
 * more cheaply than six value objects.
 */
function compact(item: IngestItem): void {
  const values = item.plan.measurements;
  const first = values[0];
  if (first?.period !== 'raw') return;
  item.realtime = {
    time: first.time,
    site_id: first.site_id,
    readings: readingsJson(values),
    source: first.source,
    received_at: 0,
    mn: first.mn ?? null,
    backup: first.backup === true,
  };
  item.realtimeCount = values.length;
  item.plan.measurements = NO_VALUES;
}

export interface IngestWriterOptions {
  log: Logger;
  bus: EventBus<ReceiverEvents>;
  now?: () => number;
  /** Longest wait before a commit (ms). */
  flushMs?: number;
  /** Most packets in one commit. */
  maxBatch?: number;
  /** Queue length above which the receiver pauses every socket (resumes below half). */
  maxQueued?: number;
  onPressure?: (overloaded: boolean) => void;
  /** Commit a SQLite file's batches in a writer thread (default true; see ingest-sink.ts). */
  thread?: boolean;
  /** The raw packet chain this node appends to (rawPacketChainOf(nodeId)); default the legacy chain. */
  chain?: string;
  /** This node, recorded on the outbox rows it writes (issue 14). */
  nodeId?: string;
}

export interface IngestStats {
  batches: number;
  packets: number;
  values: number;
  failedBatches: number;
  lastCommitMs: number;
}

export interface IngestWriter {
  enqueue(item: IngestItem): void;
  readonly queued: number;
  readonly overloaded: boolean;
  readonly stats: Readonly<IngestStats>;
  /** Commit everything queued so far. */
  drain(): Promise<void>;
  /** Drain, then stop the writer thread (if any). */
  close(): Promise<void>;
}

/** Per logger as well as per site: two loggers of one site both keep their value (issue 12). */
function measurementKey(m: IngestMeasurement): string {
  return `${m.mn ?? ''}\u0000${m.site_id}\u0000${m.parameter}\u0000${m.period}\u0000${m.time}`;
}

type Stored = {
  values: number;
  spans: { siteId: number; period: IngestMeasurement['period']; from: number; to: number }[];
};

/** Per site × period, the span of times a commit touched; undefined when it stored no value. */
function storedSpans(
  measurements: readonly IngestMeasurement[],
  realtime: readonly NewRealtimeValues[],
  realtimeValues: number,
): Stored | undefined {
  const count = measurements.length + realtimeValues;
  if (count === 0) return undefined;
  const spans = new Map<string, Stored['spans'][number]>();
  const touch = (siteId: number, period: IngestMeasurement['period'], time: number) => {
    const key = `${siteId}|${period}`;
    const s = spans.get(key);
    if (!s) spans.set(key, { siteId, period, from: time, to: time });
    else {
      if (time < s.from) s.from = time;
      if (time > s.to) s.to = time;
    }
  };
  for (const r of realtime) touch(r.site_id, 'raw', r.time);
  for (const m of measurements) touch(m.site_id, m.period, m.time);
  return { values: count, spans: [...spans.values()] };
}

export function createIngestWriter(db: IngestTarget, options: IngestWriterOptions): IngestWriter {
  const { log, bus } = options;
  const now = options.now ?? Date.now;
  const flushMs = options.flushMs ?? 4;
  const maxBatch = options.maxBatch ?? 4000;
  const maxQueued = options.maxQueued ?? 100_000;
  // After each commit with outbox rows: this process's consumers, and other nodes by one coalesced NOTIFY.
  const wakeConsumers = createCommitWaker(db instanceof Kysely ? db : db.db, log);
  const sink = openIngestSink(db, log, {
    thread: options.thread,
    maxMergedPackets: 4 * maxBatch,
    ...(options.chain ? { chain: options.chain } : {}),
  });
  let queue: IngestItem[] = [];
  /** Commits sent and not yet answered, oldest first (they are answered in this order). */
  const running: Promise<void>[] = [];
  /** Packets in those commits: they count against maxQueued like the queue does. */
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  let wakeScheduled = false;
  let overloaded = false;
  const stats: IngestStats = { batches: 0, packets: 0, values: 0, failedBatches: 0, lastCommitMs: 0 };

  const setPressure = () => {
    const waiting = queue.length + sent;
    const next = overloaded ? waiting > maxQueued / 2 : waiting > maxQueued;
    if (next !== overloaded) {
      overloaded = next;
      if (next) log.warn(`ingest queue at ${waiting} packets: pausing all connections until it drains`);
      options.onPressure?.(next);
    }
  };

  async function commit(items: IngestItem[]): Promise<void> {
    const raw: NewRawPacket[] = new Array(items.length);
    const receivedAt = now();
    // Rows of one instant (a retransmission in the same batch) are merged where they are stored, later wins.
    const realtime: IngestRealtime[] = [];
    let realtimeValues = 0;
    const values = new Map<string, IngestMeasurement>();
    const statuses = new Map<string, DeviceSightingRow>();
    const events: NewEvent[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as IngestItem;
      const { plan } = item;
      raw[i] = item.raw;
      if (item.realtime) {
        item.realtime.received_at = receivedAt;
        realtime.push(item.realtime);
        realtimeValues += item.realtimeCount ?? 0;
      }
      // A retransmission inside one batch: the later value wins (PostgreSQL refuses two updates of one row).
      for (const m of plan.measurements) values.set(measurementKey(m), m);
      if (plan.status) statuses.set(plan.status.mn, plan.status);
      for (const e of plan.events) events.push(e);
    }
    const measurements = [...values.values()];
    const stored = storedSpans(measurements, realtime, realtimeValues);
    const outbox = outboxOf(items, stored, receivedAt);
    const started = performance.now();
    let ok = true;
    try {
      await sink.commit(
        {
          raw,
          realtime,
          measurements,
          statuses: [...statuses.values()],
          events,
          outbox,
          wakeAfterCommit: true,
        },
        receivedAt,
      );
      if (outbox.length > 0) wakeConsumers();
    } catch (err) {
      ok = false;
      stats.failedBatches++;
      log.error(
        `group commit of ${items.length} packets failed, none answered (loggers will resend): ${(err as Error).message}`,
      );
    }
    stats.lastCommitMs = performance.now() - started;
    if (ok) {
      stats.batches++;
      stats.packets += items.length;
      stats.values += measurements.length + realtimeValues;
    }
    for (const item of items) {
      try {
        item.done(item, ok);
      } catch (err) {
        log.error(`answering a packet failed: ${(err as Error).message}`);
      }
    }
    if (ok) publish(items, stored);
  }

  /**
   * The commit's outbox rows (issue 14), written in its transaction: one measurements.stored with the spans,
   * a packet.quarantined per quarantined packet of a known logger.
   */
  function outboxOf(items: readonly IngestItem[], stored: Stored | undefined, at: number): NewOutboxEvent[] {
    const out: NewOutboxEvent[] = [];
    const node = options.nodeId ?? null;
    for (const { plan, raw } of items) {
      if (plan.verdict === 'quarantined') {
        out.push({
          topic: 'packet.quarantined',
          at,
          subject: plan.mn,
          node,
          payload: { mn: plan.mn, peer: raw.peer, reason: plan.reason ?? '' },
        });
      }
    }
    if (stored) out.push({ topic: 'measurements.stored', at, node, payload: stored });
    return out;
  }

  function publish(items: readonly IngestItem[], stored: Stored | undefined): void {
    for (const { plan, raw } of items) {
      if (plan.verdict === 'quarantined') {
        bus.emit('packet_quarantined', {
          mn: plan.mn,
          peer: raw.peer,
          at: now(),
          reason: plan.reason ?? '',
        });
      }
    }
    if (stored) bus.emit('measurements_stored', { at: now(), ...stored });
  }

  /** Run on the next turn of the event loop, after socket I/O (once, however often it is asked). */
  function wake(): void {
    if (wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      run();
    });
  }

  function schedule(): void {
    if (running.length >= sink.maxInFlight || queue.length === 0) return;
    if (queue.length >= maxBatch) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      wake();
    } else {
      timer ??= setTimeout(run, flushMs);
    }
  }

  function run(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running.length >= sink.maxInFlight || queue.length === 0) return;
    const items = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    sent += items.length;
    const committed: Promise<void> = commit(items).finally(() => {
      running.splice(running.indexOf(committed), 1);
      sent -= items.length;
      setPressure();
      // Yield to socket I/O before the next commit, so packets that arrived meanwhile join it.
      if (queue.length > 0) wake();
    });
    running.push(committed);
  }

  async function drain(): Promise<void> {
    while (running.length > 0 || queue.length > 0) {
      if (running.length > 0) await running[0];
      else run();
    }
  }

  return {
    enqueue(item) {
      compact(item);
      queue.push(item);
      if (!overloaded && queue.length + sent > maxQueued) setPressure();
      schedule();
    },
    get queued() {
      return queue.length + sent;
    },
    get overloaded() {
      return overloaded;
    },
    stats,
    drain,
    async close() {
      await drain();
      await sink.close();
    },
  };
}
