/**
 * Load for bench/api-abuse-bench.ts, run as its own process so its timers are not delayed by the platform's
 * event loop: N simulated loggers on 127.0.0.1, each sending a real-time (2011) packet every `intervalMs`
 * (staggered), timing each until its 9014 answer; in the second phase also `clients` HTTP clients requesting
 * the heaviest allowed API requests in a loop. Prints one JSON line per phase event on stdout; bounded in time.
 */
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFrameSplitter, encodePacket, formatDataTime, formatQn } from '../src/protocol/hj212/index.ts';

export interface AbuseClientOptions {
  tcpPort: number;
  httpUrl: string;
  loggers: number;
  intervalMs: number;
  seconds: number;
  clients: number;
  mnPrefix: string;
  pw: string;
  /** The heavy requests, cycled through by each HTTP client. */
  heavy: string[];
}

const opts = JSON.parse(process.argv[2] ?? '{}') as AbuseClientOptions;
const FACTORS = ['a34004', 'a34002', 'a21026', 'a21004', 'a21005', 'a05024'];
const mnOf = (c: number) => `${opts.mnPrefix}${String(c).padStart(24 - opts.mnPrefix.length, '0')}`;
const say = (event: object) => process.stdout.write(`${JSON.stringify(event)}\n`);

let latencies: number[] = [];
/** Packets sent before this instant (the warm-up, the previous phase) are not counted in the current phase. */
let phaseStart = Number.POSITIVE_INFINITY;
let sent = 0;
let acked = 0;
let stopped = false;

function packet(c: number, i: number, t0: number): Buffer {
  const t = t0 + i * 1000;
  return encodePacket({
    qn: formatQn(t),
    st: '22',
    cn: '2011',
    pw: opts.pw,
    mn: mnOf(c),
    flag: 5,
    cp: [
      `DataTime=${formatDataTime(t)}`,
      ...FACTORS.map((f, k) => `${f}-Rtd=${(i % 37) + k}.5,${f}-Flag=N`),
    ].join(';'),
  });
}

/** One logger: a packet every intervalMs, each timed from its write to the answer (answers come in order). */
function runLogger(c: number, t0: number): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port: opts.tcpPort, host: '127.0.0.1' });
    socket.setNoDelay(true);
    const splitter = createFrameSplitter();
    const sentAt: number[] = [];
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      if (stopped) {
        socket.end();
        return;
      }
      sentAt.push(performance.now());
      socket.write(packet(c, i++, t0));
      sent++;
      timer = setTimeout(tick, opts.intervalMs);
    };
    socket.on('connect', () => {
      timer = setTimeout(tick, Math.floor((c / opts.loggers) * opts.intervalMs));
    });
    socket.on('data', (chunk: Buffer) => {
      for (const _ of splitter.push(chunk).frames) {
        const t = sentAt.shift();
        if (t !== undefined && t >= phaseStart) latencies.push(performance.now() - t);
        acked++;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

interface HeavyFigures {
  done: number;
  statuses: Record<string, number>;
  msTotal: number;
  msMax: number;
}

async function runHeavy(k: number, until: number, figures: HeavyFigures): Promise<void> {
  let n = k;
  while (performance.now() < until) {
    const path = opts.heavy[n++ % opts.heavy.length] as string;
    const t = performance.now();
    const res = await fetch(`${opts.httpUrl}${path}`);
    await res.arrayBuffer();
    const ms = performance.now() - t;
    figures.done++;
    figures.statuses[res.status] = (figures.statuses[res.status] ?? 0) + 1;
    figures.msTotal += ms;
    figures.msMax = Math.max(figures.msMax, ms);
    // A refused client honours Retry-After (capped, so the phase still ends on time).
    if (res.status === 503) await sleep(Math.min(2000, Number(res.headers.get('Retry-After') ?? 1) * 1000));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function ackFigures() {
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    packets: sorted.length,
    p50: r(percentile(sorted, 50)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted.at(-1) ?? Number.NaN),
  };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const loggers = Array.from({ length: opts.loggers }, (_, c) => runLogger(c, t0));
  // Warm-up: every logger connected and answered once.
  await sleep(opts.intervalMs + 500);
  for (const [name, clients] of [
    ['baseline', 0],
    ['heavy', opts.clients],
  ] as const) {
    latencies = [];
    phaseStart = performance.now();
    say({ event: 'start', phase: name });
    const until = performance.now() + opts.seconds * 1000;
    const heavy: HeavyFigures = { done: 0, statuses: {}, msTotal: 0, msMax: 0 };
    await Promise.all([
      ...Array.from({ length: clients }, (_, k) => runHeavy(k, until, heavy)),
      sleep(opts.seconds * 1000),
    ]);
    say({ event: 'end', phase: name, acks: ackFigures(), heavy });
  }
  stopped = true;
  await Promise.race([Promise.all(loggers), sleep(opts.intervalMs + 2000)]);
  say({ event: 'done', sent, acked });
  process.exit(0);
}

await main();
