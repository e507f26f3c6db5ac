/**
 * One virtual logger's TCP link to the platform, as a real 数采仪 behaves (HJ 212-2017 §6.1, 表1):
 * packets go out in order from an outbox; each one sent with Flag A=1 waits for the 9014 answer echoing its QN;
 * without an answer within the timeout it is re-sent, at most `maxRetries` times, then given up. When the
 * connection drops, unanswered packets go back to the front of the outbox and the link reconnects with
 * exponential backoff; the outbox is bounded (oldest dropped first) so a long outage cannot exhaust memory.
 *
 * Fail-over (issue 14), as loggers configured with a backup data centre do: with several receiver addresses
 * (in order of preference) the link moves to the next one when a connection is refused, drops, or falls silent
 * (a packet unanswered within the timeout while nothing else was answered since it was sent), and re-sends
 * every unanswered packet there — so none is lost, and the receiver removes the duplicates. A full round of
 * refusals backs off exponentially before the next round. On a backup it returns to the primary after
 * `primaryRetryMs` (default 10 min; 0 = stays): it stops sending, waits for the answers on the wire, and
 * reconnects to the first address, moving on again if that still refuses.
 */
import net from 'node:net';
import { CN, createFrameSplitter, decodePacket, type FrameSplitter } from '../protocol/hj212/index.ts';
import type { Logger } from '../services/logger.ts';

export interface OutgoingPacket {
  readonly qn: string;
  readonly cn: string;
  readonly dataTime: number;
  readonly resend: boolean;
  readonly ackRequired: boolean;
  readonly bytes: Buffer;
}

/** Counters of one link (the simulator sums them). */
export interface LinkCounters {
  /** First transmissions, in total and by CN. */
  sent: number;
  byCn: Record<string, number>;
  acked: number;
  /** Transmissions after the first (ack timeout, or re-sent after a reconnect). */
  retransmitted: number;
  /** Given up after maxRetries re-sends without an answer. */
  failed: number;
  /** Dropped from a full outbox. */
  dropped: number;
  /** 9014 answers for a QN not waiting (late, or duplicate after a re-send). */
  lateAcks: number;
  /** Successful connections after the first. */
  reconnects: number;
  /** Moves to another receiver address (a refusal, a drop, a silent receiver, or back to the primary). */
  failovers: number;
}

/** A receiver address. */
export interface LinkTarget {
  readonly host: string;
  readonly port: number;
}

export interface LinkOptions {
  /** Receiver addresses in order of preference (at least one); the first is the primary. */
  readonly targets: readonly LinkTarget[];
  /** Real ms on a backup before trying the primary again; 0 = stay. Default 10 minutes. */
  readonly primaryRetryMs?: number;
  readonly mn: string;
  readonly log: Logger;
  /** Real ms to wait for a 9014 answer (HJ 212-2017 表1: 10 s). */
  readonly ackTimeoutMs: number;
  /** Re-sends after the first transmission (表1: 3). */
  readonly maxRetries: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** Unanswered packets allowed on the wire at once. */
  readonly maxInFlight: number;
  readonly outboxLimit: number;
  /** Connection state changes and progress (acks, give-ups), for the simulator's summary. */
  readonly onStatus?: (event: LinkEvent) => void;
  /** Each 9014 answer that settles a waiting packet (tests check that every acknowledged packet is stored). */
  readonly onAck?: (mn: string, qn: string) => void;
}

export type LinkEvent =
  | {
      readonly kind: 'connected';
      readonly mn: string;
      readonly reconnect: boolean;
      /** host:port connected to. */
      readonly target: string;
    }
  | {
      readonly kind: 'disconnected';
      readonly mn: string;
      /** host:port lost, and the one tried next (differs when failing over). */
      readonly target: string;
      readonly next: string;
      readonly error?: string;
      readonly retryInMs?: number;
    }
  | { readonly kind: 'progress'; readonly mn: string };

interface Entry {
  readonly packet: OutgoingPacket;
  transmissions: number;
  timer?: NodeJS.Timeout;
  /** Real time of the latest transmission. */
  sentAt?: number;
}

export function emptyCounters(): LinkCounters {
  return {
    sent: 0,
    byCn: {},
    acked: 0,
    retransmitted: 0,
    failed: 0,
    dropped: 0,
    lateAcks: 0,
    reconnects: 0,
    failovers: 0,
  };
}

export class LoggerLink {
  readonly counters: LinkCounters = emptyCounters();
  private readonly o: LinkOptions;
  private socket: net.Socket | undefined;
  private splitter: FrameSplitter = createFrameSplitter();
  private isConnected = false;
  private everConnected = false;
  private online = true;
  private stopped = false;
  private failuresInRow = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  private readonly outbox: Entry[] = [];
  private readonly inFlight = new Map<string, Entry>();
  private warnedFull = false;
  private warnedGiveUp = false;
  private closed: Promise<void> = Promise.resolve();
  /** Index into targets of the current (or next) connection. */
  private current = 0;
  /** Real time of the latest 9014 answer on the current connection (a silent receiver answers none). */
  private lastAnswerAt = 0;
  /** The link is leaving the connection on purpose: silent receiver, or back to the primary. */
  private leaving: 'failover' | 'primary' | undefined;
  private primaryTimer: NodeJS.Timeout | undefined;

  constructor(options: LinkOptions) {
    if (options.targets.length === 0)
      throw new RangeError('a logger link needs at least one receiver address');
    this.o = options;
  }

  /** host:port of the current (or next) connection. */
  get target(): string {
    return describe(this.o.targets[this.current] as LinkTarget);
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Packets not yet answered: waiting in the outbox or on the wire. */
  get pending(): number {
    return this.outbox.length + this.inFlight.size;
  }

  /** Start connecting (called once by the simulator). */
  start(): void {
    this.ensureConnecting();
  }

  enqueue(packet: OutgoingPacket): void {
    if (this.outbox.length >= this.o.outboxLimit) {
      this.outbox.shift();
      this.counters.dropped++;
      if (!this.warnedFull)
        this.o.log.warn(`${this.o.mn}: outbox full (${this.o.outboxLimit}); dropping the oldest`);
      this.warnedFull = true;
    }
    this.outbox.push({ packet, transmissions: 0 });
    this.flush();
  }

  /** Take the logger off the network (a scenario's outage) or put it back; true when that changed anything. */
  setOnline(online: boolean): boolean {
    if (online === this.online) return false;
    this.online = online;
    if (!online) {
      this.cancelReconnect();
      this.socket?.end();
    } else {
      this.failuresInRow = 0;
      this.ensureConnecting();
    }
    return true;
  }

  private ensureConnecting(): void {
    if (this.stopped || !this.online || this.socket !== undefined || this.reconnectTimer !== undefined)
      return;
    const socket = net.createConnection(this.o.targets[this.current] as LinkTarget);
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.isConnected = true;
      this.failuresInRow = 0;
      this.warnedGiveUp = false;
      if (this.everConnected) this.counters.reconnects++;
      this.lastAnswerAt = Date.now();
      this.o.onStatus?.({
        kind: 'connected',
        mn: this.o.mn,
        reconnect: this.everConnected,
        target: this.target,
      });
      this.everConnected = true;
      this.schedulePrimaryRetry();
      this.flush();
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.lastError = err.code ?? err.message;
    });
    socket.on('close', () => this.handleClose(socket));
  }

  private handleClose(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.isConnected = false;
    this.splitter = createFrameSplitter();
    this.cancelPrimaryRetry();
    // Unanswered packets go back to the front, in their original order, to be re-sent after reconnecting.
    const back = [...this.inFlight.values()];
    for (const e of back) clearTimeout(e.timer);
    this.inFlight.clear();
    this.outbox.unshift(...back);
    const error = this.lastError;
    this.lastError = undefined;
    const lost = this.target;
    const leaving = this.leaving;
    this.leaving = undefined;
    // Back to the primary on purpose, or on to the next address (the same one when there is only one).
    const next = leaving === 'primary' ? 0 : (this.current + 1) % this.o.targets.length;
    if (next !== this.current) this.counters.failovers++;
    this.current = next;
    if (this.stopped || !this.online) {
      this.o.onStatus?.({
        kind: 'disconnected',
        mn: this.o.mn,
        target: lost,
        next: this.target,
        ...(error ? { error } : {}),
      });
      return;
    }
    // The next address at once (after reconnectMinMs); a whole round of failures backs off exponentially.
    const rounds = leaving === undefined ? Math.floor(this.failuresInRow / this.o.targets.length) : 0;
    const delay = Math.min(this.o.reconnectMaxMs, this.o.reconnectMinMs * 2 ** Math.min(rounds, 16));
    if (leaving === undefined) this.failuresInRow++;
    this.o.onStatus?.({
      kind: 'disconnected',
      mn: this.o.mn,
      target: lost,
      next: this.target,
      retryInMs: delay,
      ...(error ? { error } : {}),
    });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.ensureConnecting();
    }, delay);
  }

  /** On a backup: try the primary again after primaryRetryMs (once the answers on the wire are in). */
  private schedulePrimaryRetry(): void {
    const after = this.o.primaryRetryMs ?? 600_000;
    if (this.current === 0 || after <= 0) return;
    this.primaryTimer = setTimeout(() => {
      this.primaryTimer = undefined;
      this.leaving = 'primary';
      this.leaveIfIdle();
    }, after);
    this.primaryTimer.unref();
  }

  private cancelPrimaryRetry(): void {
    if (this.primaryTimer !== undefined) clearTimeout(this.primaryTimer);
    this.primaryTimer = undefined;
  }

  /** Going back to the primary: nothing new is sent; the connection closes once every answer is in. */
  private leaveIfIdle(): void {
    if (this.leaving === 'primary' && this.inFlight.size === 0) this.socket?.end();
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private receive(chunk: Buffer): void {
    const { frames } = this.splitter.push(chunk);
    for (const frame of frames) {
      const result = decodePacket(frame);
      if (!result.ok) {
        this.o.log.warn(`${this.o.mn}: unreadable answer from the platform: ${result.reason.message}`);
        continue;
      }
      const p = result.packet;
      if (p.cn !== CN.dataAnswer || p.qn === undefined) {
        this.o.log.debug(`${this.o.mn}: ignoring CN=${p.cn} from the platform (the simulator only uploads)`);
        continue;
      }
      this.answered(p.qn);
    }
  }

  private answered(qn: string): void {
    const entry = this.inFlight.get(qn);
    if (entry === undefined) {
      this.counters.lateAcks++;
      return;
    }
    clearTimeout(entry.timer);
    this.inFlight.delete(qn);
    this.lastAnswerAt = Date.now();
    this.counters.acked++;
    this.o.onAck?.(this.o.mn, qn);
    this.o.onStatus?.({ kind: 'progress', mn: this.o.mn });
    this.flush();
  }

  private flush(): void {
    if (this.leaving !== undefined) {
      this.leaveIfIdle();
      return;
    }
    while (this.isConnected && this.outbox.length > 0 && this.inFlight.size < this.o.maxInFlight) {
      this.transmit(this.outbox.shift() as Entry);
    }
  }

  private transmit(entry: Entry): void {
    const socket = this.socket;
    if (socket === undefined) return;
    const p = entry.packet;
    if (entry.transmissions === 0) {
      this.counters.sent++;
      this.counters.byCn[p.cn] = (this.counters.byCn[p.cn] ?? 0) + 1;
    } else {
      this.counters.retransmitted++;
    }
    entry.transmissions++;
    entry.sentAt = Date.now();
    socket.write(p.bytes);
    if (!p.ackRequired) {
      this.o.onStatus?.({ kind: 'progress', mn: this.o.mn });
      return;
    }
    this.inFlight.set(p.qn, entry);
    entry.timer = setTimeout(() => this.timedOut(entry), this.o.ackTimeoutMs);
  }

  private timedOut(entry: Entry): void {
    const qn = entry.packet.qn;
    if (this.inFlight.get(qn) !== entry) return;
    if (
      entry.transmissions <= this.o.maxRetries &&
      this.o.targets.length > 1 &&
      this.lastAnswerAt <= (entry.sentAt ?? 0)
    ) {
      // Nothing answered since this packet went out: the receiver is silent (hung, or a half-open connection
      // to a dead host). Leave it; every unanswered packet is re-sent on the next address.
      this.o.log.debug(`${this.o.mn}: ${this.target} silent for ${this.o.ackTimeoutMs} ms; failing over`);
      this.leaving = 'failover';
      this.socket?.destroy();
      return;
    }
    if (entry.transmissions <= this.o.maxRetries) {
      this.o.log.debug(`${this.o.mn}: no 9014 for QN=${qn} after ${this.o.ackTimeoutMs} ms; re-sending`);
      this.transmit(entry);
      return;
    }
    this.inFlight.delete(qn);
    this.counters.failed++;
    const message = `${this.o.mn}: no answer to QN=${qn} (CN=${entry.packet.cn}) after ${entry.transmissions} sends; giving up`;
    if (this.warnedGiveUp) this.o.log.debug(message);
    else this.o.log.warn(`${message} — is this MN registered on the platform?`);
    this.warnedGiveUp = true;
    this.o.onStatus?.({ kind: 'progress', mn: this.o.mn });
    this.flush();
  }

  /** Wait up to `ms` for every packet to be answered (or given up). */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.pending > 0 && Date.now() < deadline && this.isConnected) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Close the connection and cancel every timer; pending packets are abandoned. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelReconnect();
    this.cancelPrimaryRetry();
    for (const e of this.inFlight.values()) clearTimeout(e.timer);
    const socket = this.socket;
    if (socket !== undefined) {
      socket.end();
      const force = setTimeout(() => socket.destroy(), 1_000);
      await this.closed;
      clearTimeout(force);
    }
  }
}

function describe(t: LinkTarget): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}
