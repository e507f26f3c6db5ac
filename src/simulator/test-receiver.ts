/**
 * A tiny HJ 212 receiver for tests (not the platform's): real TCP, frames split and decoded with the codec under
 * the strict CRC policy, 9014 answers for packets that ask for one — unless the test says to hold an answer.
 */
import net from 'node:net';
import {
  buildDataAck,
  createFrameSplitter,
  type DecodeFailure,
  decodePacket,
  encodePacket,
  type Hj212Packet,
  needsAck,
} from '../protocol/hj212/index.ts';

export interface ReceivedPacket {
  readonly packet: Hj212Packet;
  readonly bytes: Buffer;
  /** Real time of arrival. */
  readonly at: number;
  /** How many times this QN had been seen before (0 = first arrival). */
  readonly repeat: number;
}

export interface TestReceiverOptions {
  /** Port to listen on (0 = any). */
  readonly port?: number;
  /** Answer this arrival with 9014? Default: yes whenever Flag A is set. */
  readonly answer?: (p: ReceivedPacket) => boolean;
}

export interface TestReceiver {
  readonly port: number;
  readonly packets: ReceivedPacket[];
  readonly rejected: DecodeFailure[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** Stop listening and drop every connection (a receiver crash, as far as the loggers can tell). */
  close(): Promise<void>;
  /** Listen again on the same port. */
  restart(): Promise<void>;
  /** Resolve when `test` holds for the packets received (polls), or reject after `timeoutMs`. */
  waitFor(test: (packets: readonly ReceivedPacket[]) => boolean, timeoutMs?: number): Promise<void>;
}

export async function startTestReceiver(options: TestReceiverOptions = {}): Promise<TestReceiver> {
  const packets: ReceivedPacket[] = [];
  const rejected: DecodeFailure[] = [];
  const seen = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let server: net.Server | undefined;
  let port = options.port ?? 0;

  const onConnection = (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const splitter = createFrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of splitter.push(chunk).frames) {
        const result = decodePacket(frame, { crc: 'strict' });
        if (!result.ok) {
          rejected.push(result);
          continue;
        }
        const key = `${result.packet.mn}/${result.packet.qn}`;
        const repeat = seen.get(key) ?? 0;
        seen.set(key, repeat + 1);
        const received = { packet: result.packet, bytes: Buffer.from(frame), at: Date.now(), repeat };
        packets.push(received);
        if (needsAck(result.packet) && (options.answer?.(received) ?? true)) {
          socket.write(encodePacket(buildDataAck(result.packet)));
        }
      }
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(onConnection);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    packets,
    rejected,
    get connections() {
      return connections;
    },
    async close() {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    restart: listen,
    async waitFor(test, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!test(packets)) {
        if (Date.now() > deadline)
          throw new Error(`waitFor timed out after ${timeoutMs} ms (${packets.length} packets)`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}
