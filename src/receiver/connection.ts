import type { Socket } from 'node:net';
import type { Logger } from '#services/logger.ts';
import type { NewRawPacket } from '#store/raw-packets.table.ts';
import { createFrameSplitter } from '../protocol/hj212/index.ts';
import type { IngestItem, IngestWriter } from './ingest-writer.ts';
import type { PacketPlan } from './packet-plan.ts';
import type { ReceiverLimits } from './receiver-options.ts';

/**
 * One logger connection: frames the byte stream (codec splitter, pitfalls §7.1), plans each frame, queues it
 * for the group commit and writes its answer once committed — in arrival order, since commits are sequential.
 * Misbehaviour closes this connection only, with a log line saying why: too much garbage, too many bad packets
 * in a row, idle too long; before its first authenticated packet (an "unproven" connection) also a few
 * unauthenticated packets, or silence beyond the short unprovenTimeoutMs. Unauthenticated packets never reach
 * the group commit: they go to `unauthenticated` (rate-limited per address, kept outside the chain).
 * Backpressure: reading pauses while too many packets wait for their commit, while the peer does not read its
 * answers (slow reader), or while the writer is behind (global pause).
 */
export interface ConnectionDeps {
  limits: ReceiverLimits;
  log: Logger;
  writer: IngestWriter;
  now: () => number;
  plan: (frame: Uint8Array, peer: string, receivedAt: number) => PacketPlan;
  /** Logged once per peer and cause, rate-limited by the caller. */
  onPlanned?: (plan: PacketPlan, peer: string) => void;
  /** A packet that is not from an authenticated logger (plan.unauthenticated), with its raw row. */
  unauthenticated?: (plan: PacketPlan, raw: NewRawPacket, conn: Connection) => void;
  /** The connection's first authenticated packet: it moves to the main connection budget. */
  onProven?: (conn: Connection) => void;
  /** A closing warning (rate-limited per kind by the caller; default log.warn). */
  warn?: (kind: string, message: string) => void;
  onClose: (conn: Connection) => void;
}

export interface Connection {
  readonly peer: string;
  /** The remote IP address (the peer without its port). */
  readonly address: string;
  /** It has sent an authenticated packet. */
  readonly proven: boolean;
  readonly inFlight: number;
  readonly paused: boolean;
  setGlobalPause(paused: boolean): void;
  /** Close with a log line saying why (misbehaviour); `kind` groups the rate-limited warnings. */
  close(reason: string, kind?: string): void;
  /** Shutdown: answers already written are flushed, then the socket ends; no log line. */
  shutdown(): void;
}

export function handleConnection(socket: Socket, deps: ConnectionDeps): Connection {
  const { limits, log, writer } = deps;
  const address = socket.remoteAddress ?? '?';
  const peer = `${address}:${socket.remotePort ?? '?'}`;
  const warn = deps.warn ?? ((_kind: string, message: string) => log.warn(message));
  const splitter = createFrameSplitter({ maxPacketBytes: limits.maxPacketBytes });
  let inFlight = 0;
  let garbage = 0;
  let badInRow = 0;
  let lastBad = '';
  let paused = false;
  let globalPause = false;
  let ending = false;
  let closed = false;
  let proven = false;
  let unauthenticated = 0;
  socket.setNoDelay(true);
  // Until its first authenticated packet, the short time-out (a logger sends soon after it connects).
  const unprovenMs = Math.min(limits.unprovenTimeoutMs, limits.idleTimeoutMs);
  socket.setTimeout(unprovenMs);

  const conn: Connection = {
    peer,
    address,
    get proven() {
      return proven;
    },
    get inFlight() {
      return inFlight;
    },
    get paused() {
      return paused;
    },
    setGlobalPause(p) {
      globalPause = p;
      updateFlow();
    },
    close,
    shutdown() {
      if (closed) return;
      closed = true;
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    },
  };

  function close(reason: string, kind = 'close'): void {
    if (closed) return;
    closed = true;
    warn(kind, `closing ${peer}: ${reason}`);
    socket.destroy();
  }

  function updateFlow(): void {
    if (closed) return;
    const high = limits.maxInFlightPerConnection;
    const tooMany = paused ? inFlight > high / 2 : inFlight >= high;
    const slowReader = socket.writableLength >= limits.maxPendingWriteBytes;
    const shouldPause = tooMany || slowReader || globalPause;
    if (shouldPause && !paused) {
      paused = true;
      socket.pause();
      if (slowReader)
        warn('maxPendingWriteBytes', `${peer} does not read its answers: reading paused (slow reader)`);
      else if (tooMany)
        warn(
          'maxInFlightPerConnection',
          `${peer}: ${inFlight} packets wait for their commit: reading paused`,
        );
    } else if (!shouldPause && paused) {
      paused = false;
      socket.resume();
    }
  }

  let corked = false;
  const uncork = () => {
    corked = false;
    if (!socket.destroyed) socket.uncork();
  };

  function finish(item: IngestItem, committed: boolean): void {
    const { plan } = item;
    inFlight--;
    if (closed || socket.destroyed) return;
    if (committed && plan.answer) {
      // One commit answers all of this logger's packets in it: one writev instead of a syscall per answer.
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      socket.write(plan.answer);
    }
    if (ending && inFlight === 0) socket.end();
    else updateFlow();
  }

  function rawRow(plan: PacketPlan, frame: Uint8Array, receivedAt: number): NewRawPacket {
    return {
      received_at: receivedAt,
      peer,
      mn: plan.mn,
      cn: plan.cn,
      qn: plan.qn,
      // A copy: the frame is a view into the splitter's buffer.
      bytes: Buffer.from(frame),
      verdict: plan.verdict,
      reason: plan.reason,
    };
  }

  function ingest(frames: readonly Buffer[], receivedAt: number): void {
    for (const frame of frames) {
      if (closed) return;
      const plan = deps.plan(frame, peer, receivedAt);
      if (plan.unauthenticated && deps.unauthenticated) {
        unauthenticated++;
        badInRow++;
        garbage += frame.length;
        deps.unauthenticated(plan, rawRow(plan, frame, receivedAt), conn);
        if (badInRow >= limits.maxBadPackets) {
          close(`${badInRow} bad packets in a row (last: ${plan.reason ?? plan.verdict})`, 'bad-packets');
          return;
        }
        // Only while unproven: a proven logger may carry an unregistered MN alongside its own (one data logger
        // for several outlets); its stranger packets are still rate-limited, and bad ones in a row still count.
        if (!proven && unauthenticated >= limits.maxUnauthenticatedPackets) {
          close(
            `${unauthenticated} packets from no authenticated logger (last: ${plan.reason ?? plan.verdict})`,
            'unauthenticated',
          );
          return;
        }
        continue;
      }
      if (!plan.unauthenticated && !proven) {
        proven = true;
        socket.setTimeout(limits.idleTimeoutMs);
        deps.onProven?.(conn);
      }
      if (plan.verdict === 'rejected' || plan.verdict === 'quarantined') {
        badInRow++;
        lastBad = plan.reason ?? plan.verdict;
        garbage += frame.length;
      } else {
        badInRow = 0;
        garbage = 0;
      }
      deps.onPlanned?.(plan, peer);
      inFlight++;
      writer.enqueue({ raw: rawRow(plan, frame, receivedAt), plan, done: finish });
      if (badInRow >= limits.maxBadPackets) {
        close(`${badInRow} bad packets in a row (last: ${lastBad})`, 'bad-packets');
        return;
      }
    }
  }

  socket.on('data', (chunk: Buffer) => {
    if (closed) return;
    const receivedAt = deps.now();
    const { frames, discarded } = splitter.push(chunk);
    for (const d of discarded) {
      garbage += d.bytes.length;
      if (d.reason === 'oversized')
        warn('maxPacketBytes', `${peer}: discarded ${d.bytes.length} bytes without a frame end (oversized)`);
    }
    ingest(frames, receivedAt);
    if (!closed && garbage > limits.maxGarbageBytes) {
      close(
        `sent ${garbage} bytes that are not HJ 212 packets since its last good packet (limit ${limits.maxGarbageBytes})`,
        'garbage',
      );
      return;
    }
    updateFlow();
  });
  socket.on('end', () => {
    // The peer sent FIN; what it sent last may be a frame without CR LF.
    ingest(splitter.flush().frames, deps.now());
    ending = true;
    if (inFlight === 0 && !closed) socket.end();
  });
  socket.on('drain', updateFlow);
  socket.on('timeout', () => {
    if (proven || unprovenMs === limits.idleTimeoutMs)
      close(`idle for ${limits.idleTimeoutMs / 1000} s`, 'idle');
    else close(`sent no authenticated packet within ${unprovenMs / 1000} s`, 'unproven-timeout');
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    log.debug(`${peer}: ${err.code ?? err.message}`);
  });
  socket.on('close', () => {
    closed = true;
    deps.onClose(conn);
  });
  return conn;
}
