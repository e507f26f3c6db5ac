/**
 * Load generator for bench/hj212-ingest-bench.ts, run as its own process so the receiver keeps a core: N logger
 * connections on loopback, each keeping `window` real-time (2011) packets unanswered at most and sending the
 * next as soon as a 9014 arrives. Bounded in time and count; prints one JSON line with its figures and exits.
 */
import { connect, type Socket } from 'node:net';
import {
  crcToHex,
  createFrameSplitter,
  decodePacket,
  encodePacket,
  formatDataTime,
  formatQn,
  hj212Crc16,
} from '../src/protocol/hj212/index.ts';

interface LoadOptions {
  port: number;
  connections: number;
  seconds: number;
  window: number;
  maxPackets: number;
  mnPrefix: string;
  pw: string;
  /** Epoch ms of the first DataTime; each packet of a connection is one second later. */
  t0: number;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as LoadOptions;
const mnOf = (c: number) => `${opts.mnPrefix}${String(c).padStart(24 - opts.mnPrefix.length, '0')}`;
const FACTORS = ['a34004', 'a34002', 'a21026', 'a21004', 'a21005', 'a05024'];

let sent = 0;
let acked = 0;
let badAnswers = 0;
let stopping = false;
let connected = 0;
let allConnectedMs = -1;
const startedAt = performance.now();
const latencies: number[] = [];

/** The packet as the codec's encoder writes it (checked at start-up), built directly: the client shares the cores. */
function packet(c: number, i: number): Buffer {
  const t = opts.t0 + i * 1000;
  let cp = `DataTime=${formatDataTime(t)}`;
  for (let k = 0; k < FACTORS.length; k++) {
    cp += `;${FACTORS[k]}-Rtd=${(i % 97) + k}.5,${FACTORS[k]}-Flag=N`;
  }
  const segment = `QN=${formatQn(t)};ST=22;CN=2011;PW=${opts.pw};MN=${mnOf(c)};Flag=5;CP=&&${cp}&&`;
  const length = segment.length;
  const out = Buffer.allocUnsafe(length + 12);
  out.write(`##${String(length).padStart(4, '0')}`, 0, 'latin1');
  out.write(segment, 6, 'latin1');
  out.write(`${crcToHex(hj212Crc16(out, 6, 6 + length))}\r\n`, 6 + length, 'latin1');
  return out;
}

function encoded(c: number, i: number): Buffer {
  const t = opts.t0 + i * 1000;
  const cp = [
    `DataTime=${formatDataTime(t)}`,
    ...FACTORS.map((f, k) => `${f}-Rtd=${(i % 97) + k}.5,${f}-Flag=N`),
  ];
  return encodePacket({
    qn: formatQn(t),
    st: '22',
    cn: '2011',
    pw: opts.pw,
    mn: mnOf(c),
    flag: 5,
    cp: cp.join(';'),
  });
}
for (const [c, i] of [
  [0, 0],
  [7, 123],
  [opts.connections - 1, 99_999],
] as const) {
  if (!packet(c, i).equals(encoded(c, i)))
    throw new Error('load client: packet builder differs from encodePacket');
}

function runConnection(c: number): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port: opts.port, host: '127.0.0.1' });
    const splitter = createFrameSplitter();
    const sentAt: number[] = [];
    let next = 0;
    let answered = 0;
    const pump = () => {
      // What the window allows goes out in one write (separate frames, as a logger catching up sends them).
      socket.cork();
      while (!stopping && sent < opts.maxPackets && next - answered < opts.window) {
        sentAt.push(performance.now());
        socket.write(packet(c, next++));
        sent++;
      }
      socket.uncork();
      if ((stopping || sent >= opts.maxPackets) && answered === next) socket.end();
    };
    socket.setNoDelay(true);
    socket.on('connect', () => {
      connected++;
      if (connected === opts.connections) allConnectedMs = performance.now() - startedAt;
      pump();
    });
    socket.on('data', (chunk: Buffer) => {
      for (const frame of splitter.push(chunk).frames) {
        // Check every 100th answer fully (CRC, CN); count them all.
        if (answered % 100 === 0) {
          const r = decodePacket(frame, { crc: 'strict' });
          if (!r.ok || r.packet.cn !== '9014') badAnswers++;
        }
        const t = sentAt.shift();
        if (t !== undefined && answered % 10 === 0) latencies.push(performance.now() - t);
        answered++;
        acked++;
      }
      pump();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const runs: Promise<void>[] = [];
  // Connect in waves so the listen backlog is never overrun.
  for (let c = 0; c < opts.connections; c++) {
    runs.push(runConnection(c));
    if (c % 100 === 99) await new Promise((r) => setTimeout(r, 20));
  }
  const progress = process.env.QS_BENCH_PROGRESS
    ? setInterval(
        () => process.stderr.write(`client: connected ${connected} sent ${sent} acked ${acked}\n`),
        1000,
      )
    : undefined;
  const timer = setTimeout(() => {
    stopping = true;
  }, opts.seconds * 1000);
  const grace = setTimeout(() => process.exit(3), opts.seconds * 1000 + 30_000);
  await Promise.all(runs);
  clearTimeout(timer);
  clearTimeout(grace);
  clearInterval(progress);
  const ms = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  process.stdout.write(
    `${JSON.stringify({ sent, acked, badAnswers, ms, allConnectedMs, p50: q(0.5), p99: q(0.99), valuesPerPacket: FACTORS.length, cpuMs: cpuMs() })}\n`,
  );
}

await main();

/** This process's CPU time (user + system, ms): the client's share of the machine, reported beside the receiver's. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
