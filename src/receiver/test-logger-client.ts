/**
 * Test support: a simulated data logger over real TCP (no socket mocks). It sends frames and collects the
 * platform's answers, decoded with the codec (so each answer's length and CRC are checked, strict policy).
 */
import { connect, type Socket } from 'node:net';
import {
  createFrameSplitter,
  type DecodeResult,
  decodePacket,
  encodePacket,
  type Hj212Packet,
} from '../protocol/hj212/index.ts';

export interface LoggerClient {
  readonly socket: Socket;
  readonly answers: DecodeResult[];
  send(bytes: Uint8Array | string): void;
  /** Resolves when at least `n` answers have arrived in total (rejects after `timeoutMs`). */
  waitForAnswers(n: number, timeoutMs?: number): Promise<Hj212Packet[]>;
  /** Resolves when the server closes the connection. */
  readonly closed: Promise<void>;
  close(): void;
}

/** `localAddress`: another loopback address (127.0.0.2, …) plays another peer. */
export function connectLogger(
  port: number,
  host = '127.0.0.1',
  localAddress?: string,
): Promise<LoggerClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, ...(localAddress ? { localAddress } : {}) }, () => resolve(client));
    socket.once('error', reject);
    const splitter = createFrameSplitter();
    const answers: DecodeResult[] = [];
    let waiters: (() => void)[] = [];
    socket.on('data', (chunk: Buffer) => {
      for (const frame of splitter.push(chunk).frames) answers.push(decodePacket(frame, { crc: 'strict' }));
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    });
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    const client: LoggerClient = {
      socket,
      answers,
      send: (bytes) => {
        socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
      },
      waitForAnswers(n, timeoutMs = 5000) {
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`only ${answers.length} of ${n} answers`)), timeoutMs);
          const check = () => {
            if (answers.length >= n) {
              clearTimeout(timer);
              res(
                answers.map((a) =>
                  a.ok ? a.packet : ({ cn: `invalid: ${a.reason.message}` } as Hj212Packet),
                ),
              );
            } else waiters.push(check);
          };
          check();
        });
      },
      closed,
      close: () => socket.destroy(),
    };
  });
}

export interface DataPacketInput {
  qn: string;
  mn: string;
  pw: string;
  cn: '2011' | '2051' | '2061' | '2031';
  /** YYYYMMDDhhmmss (Beijing time). */
  dataTime: string;
  values: Record<string, number>;
  /** Default 5: HJ 212-2017, answer required. */
  flag?: number;
  st?: string;
}

/** An upload packet as a logger sends it (Rtd for 2011, Avg otherwise, each with Flag=N). */
export function dataPacket(p: DataPacketInput): Buffer {
  const field = p.cn === '2011' ? 'Rtd' : 'Avg';
  const items = Object.entries(p.values).map(([code, v]) => `${code}-${field}=${v},${code}-Flag=N`);
  return encodePacket({
    qn: p.qn,
    st: p.st ?? '22',
    cn: p.cn,
    pw: p.pw,
    mn: p.mn,
    flag: p.flag ?? 5,
    cp: [`DataTime=${p.dataTime}`, ...items].join(';'),
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
