/**
 * One virtual logger's TCP link to the platform, as a real 数采仪 behaves (HJ 212-2017 §6.1, 表1):
 * packets go out in order from an outbox; each one sent with Flag A=1 waits for the 9014 answer echoing its QN;
 * without an answer within the timeout it is re-sent, at most `maxRetries` times, then given up. When the
 * connection drops, unanswered packets go back to the front of the outbox and the link reconnects with
 * exponential backoff; the outbox is bounded (oldest dropped first) so a long outage cannot exhaust memory.
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
}

export interface LinkOptions {
  readonly host: string;
  readonly port: number;
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
}

export type LinkEvent =
  | { readonly kind: 'connected'; readonly mn: string; readonly reconnect: boolean }
  | {
      readonly kind: 'disconnected';
      readonly mn: string;
      readonly error?: string;
      readonly retryInMs?: number;
    }
  | { readonly kind: 'progress'; readonly mn: string };

interface Entry {
  readonly packet: OutgoingPacket;
  transmissions: number;
  timer?: NodeJS.Timeout;
}

export function emptyCounters(): LinkCounters {
  return { sent: 0, byCn: {}, acked: 0, retransmitted: 0, failed: 0, dropped: 0, lateAcks: 0, reconnects: 0 };
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

  constructor(options: LinkOptions) {
    this.o = options;
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
    const socket = net.createConnection({ host: this.o.host, port: this.o.port });
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.isConnected = true;
      this.failuresInRow = 0;
      this.warnedGiveUp = false;
      if (this.everConnected) this.counters.reconnects++;
      this.o.onStatus?.({ kind: 'connected', mn: this.o.mn, reconnect: this.everConnected });
      this.everConnected = true;
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
    // Unanswered packets go back to the front, in their original order, to be re-sent after reconnecting.
    const back = [...this.inFlight.values()];
    for (const e of back) clearTimeout(e.timer);
    this.inFlight.clear();
    this.outbox.unshift(...back);
    const error = this.lastError;
    this.lastError = undefined;
    if (this.stopped || !this.online) {
      this.o.onStatus?.({ kind: 'disconnected', mn: this.o.mn, ...(error ? { error } : {}) });
      return;
    }
    const delay = Math.min(
      this.o.reconnectMaxMs,
      this.o.reconnectMinMs * 2 ** Math.min(this.failuresInRow, 16),
    );
    this.failuresInRow++;
    this.o.onStatus?.({ kind: 'disconnected', mn: this.o.mn, retryInMs: delay, ...(error ? { error } : {}) });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.ensureConnecting();
    }, delay);
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
    this.counters.acked++;
    this.o.onStatus?.({ kind: 'progress', mn: this.o.mn });
    this.flush();
  }

  private flush(): void {
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
