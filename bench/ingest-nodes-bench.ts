/**
 * Ingest on several nodes (issue 14): HJ 212 over TCP into ONE PostgreSQL database, with one receiver process and
 * with two (separate processes, each with its own node id, hence its own raw packet hash chain), the loggers
 * (bench/hj212-load-client.ts, real TCP) split in two halves. Reports per run: packets/s acknowledged, the whole
 * machine's CPU per packet (/proc/stat busy jiffies before/after ÷ packets), and the time backends of the
 * database spent waiting on locks (pg_stat_activity sampled every 10 ms: samples with wait_event_type 'Lock' ×
 * the interval, by wait_event). Goal: no lock waits on a shared row in the ingest path.
 *
 *   npx tsx bench/ingest-nodes-bench.ts [--db postgres://…] [--connections 200] [--seconds 20]
 *        [--runs one,two-shared,two]
 *
 * The default database `qingshan_bench_nodes` is created when missing (its own, so that only this bench's
 * backends are sampled).
 *
 * Runs: `one` = one receiver; `two` = two receivers, node ids node-a and node-b (a chain each); `two-shared` =
 * two receivers with the SAME node id, so both append to one chain head row — how every node appended before
 * issue 14 (one `raw_packets` head for all), kept as the "before" figure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { plausibilityConfig, plausibilityPolicies } from '../src/config/plausibility.ts';
import { startHj212Receiver } from '../src/receiver/tcp-server.ts';
import { createLogger } from '../src/services/logger.ts';
import { upsertDevice } from '../src/store/devices.repository.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openDb } from '../src/store/open-db.ts';
import { verifyRawPacketChain } from '../src/store/raw-packet-chain.repository.ts';
import { countRawPackets } from '../src/store/raw-packets.repository.ts';
import { upsertSite } from '../src/store/sites.repository.ts';
import { dropTarget, freshTarget, isPostgresTarget } from './bench-targets.ts';

const SELF = fileURLToPath(import.meta.url);
const CLIENT = fileURLToPath(new URL('./hj212-load-client.ts', import.meta.url));
const PW = '20250601';
const PREFIXES = ['QBNODEA', 'QBNODEB'] as const;
const FACTORS = ['a34004', 'a34002', 'a21026', 'a21004', 'a21005', 'a05024'];
const PARAMS = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'];
const SAMPLE_MS = 10;

interface ReceiverJob {
  url: string;
  schema: string;
  nodeId: string;
  connections: number;
}

/** A receiver process: starts on a free port, prints it, commits and closes on SIGTERM. */
async function serveReceiver(job: ReceiverJob): Promise<void> {
  const db = await openDb(job.url, { schema: job.schema });
  const receiver = await startHj212Receiver({
    db,
    log: createLogger('warn', `bench-${job.nodeId}`),
    host: '127.0.0.1',
    port: 0,
    nodeId: job.nodeId,
    // Packets dated 2026-06-01 on the real clock: a long back-fill window and a wide CO range keep them plausible
    // (as in hj212-ingest-bench.ts); every client comes from 127.0.0.1, so the per-address caps are lifted.
    plausibility: plausibilityPolicies(
      plausibilityConfig.parse({ backfillDays: 3660, ranges: { CO: { min: 0, max: 1000 } } }),
    ),
    limits: {
      healthCheckMs: 0,
      maxConnections: job.connections + 100,
      maxConnectionsPerAddress: job.connections + 100,
      maxUnprovenConnections: job.connections + 100,
      maxUnprovenPerAddress: job.connections + 100,
    },
  });
  process.stdout.write(`${JSON.stringify({ port: receiver.port })}\n`);
  process.once('SIGTERM', () => {
    void receiver
      .close()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}

if (process.argv[2] === '--serve') {
  await serveReceiver(JSON.parse(process.argv[3] ?? '{}') as ReceiverJob);
} else {
  await main();
}

/** Busy jiffies of the whole machine (user nice system irq softirq; USER_HZ = 100/s). */
function machineBusyJiffies(): number {
  const fields = (readFileSync('/proc/stat', 'latin1').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields.map(Number);
  return user + nice + system + irq + softirq;
}

function startReceiver(job: ReceiverJob): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--serve', JSON.stringify(job)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.once('exit', (code) => reject(new Error(`receiver ${job.nodeId} exited with ${code}`)));
  });
}

function stopReceiver(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface ClientFigures {
  sent: number;
  acked: number;
  ms: number;
  p50: number;
  p99: number;
}

function runClient(port: number, mnPrefix: string, connections: number, seconds: number) {
  const options = {
    port,
    connections,
    seconds,
    window: 4,
    maxPackets: 10_000_000,
    mnPrefix,
    pw: PW,
    t0: Date.parse('2026-06-01T00:00:00+08:00'),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return new Promise<ClientFigures>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
      else resolve(JSON.parse(text.trim()) as ClientFigures);
    });
  });
}

/** Samples the backends of `schema`'s database waiting on a lock, every SAMPLE_MS, until stopped. */
async function lockSampler(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const byEvent = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const { rows } = await client.query<{ ev: string; n: string }>(
        `select coalesce(wait_event, '?') as ev, count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()
          group by wait_event`,
      );
      samples++;
      for (const r of rows) byEvent.set(r.ev, (byEvent.get(r.ev) ?? 0) + Number(r.n));
      const rest = SAMPLE_MS - (performance.now() - started);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return { samples, byEvent };
    },
  };
}

/**
 * A database of its own (created when missing): the lock sampler counts every backend of the database, and the
 * test database is shared with test runs whose lock waits are none of this bench's.
 */
async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  await client.end();
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      db: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/qingshan_bench_nodes' },
      connections: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '20' },
      runs: { type: 'string', default: 'one,two-shared,two' },
    },
  });
  const url = args.db;
  if (!isPostgresTarget(url)) throw new Error('this bench runs on PostgreSQL: --db postgres://…');
  await ensureDatabase(url);
  const connections = Number(args.connections);
  const seconds = Number(args.seconds);
  const half = Math.floor(connections / 2);
  console.log(
    `ingest on several nodes — node ${process.version}, PostgreSQL ${url}, ${connections} loggers, ${seconds} s per run`,
  );
  for (const run of (args.runs ?? '').split(',')) {
    const nodeIds = run === 'one' ? ['node-a'] : run === 'two' ? ['node-a', 'node-b'] : ['shared', 'shared'];
    const db = await freshTarget(url, `nodes_${run.replace('-', '_')}`);
    await migrateToLatest(db.db);
    await db.db.transaction().execute(async (trx) => {
      for (const [h, prefix] of PREFIXES.entries()) {
        for (let c = 0; c < half; c++) {
          const site = await upsertSite(trx, {
            code: `BN-${h}-${c}`,
            name: `节点压测站 ${h}-${c}`,
            kind: 'air_station',
            isSample: true,
          });
          await upsertDevice(trx, {
            mn: `${prefix}${String(c).padStart(24 - prefix.length, '0')}`,
            siteId: site.id,
            password: PW,
            expectedIntervalS: 3600,
            factors: FACTORS.map((f, i) => ({ factor: f, parameter: PARAMS[i] as string })),
          });
        }
      }
    });
    const schema = db.schema ?? 'public';
    const receivers = await Promise.all(
      nodeIds.map((nodeId) => startReceiver({ url, schema, nodeId, connections })),
    );
    const sampler = await lockSampler(url);
    const busyBefore = machineBusyJiffies();
    const started = performance.now();
    // Half the loggers to each receiver (both halves to the one receiver of run `one`).
    const clients = await Promise.all(
      PREFIXES.map((prefix, h) =>
        runClient((receivers[h % receivers.length] as { port: number }).port, prefix, half, seconds),
      ),
    );
    const wall = (performance.now() - started) / 1000;
    const busy = machineBusyJiffies() - busyBefore;
    const locks = await sampler.stop();
    await Promise.all(receivers.map((r) => stopReceiver(r.child)));
    const acked = clients.reduce((s, c) => s + c.acked, 0);
    const ms = Math.max(...clients.map((c) => c.ms));
    const stored = await countRawPackets(db.db, 'stored');
    const verdict = await verifyRawPacketChain(db.db, 10_000);
    await dropTarget(db);
    const waitMs = [...locks.byEvent.values()].reduce((s, n) => s + n, 0) * SAMPLE_MS;
    const events = [...locks.byEvent].map(([ev, n]) => `${ev} ${n * SAMPLE_MS} ms`).join(', ') || 'none';
    console.log(
      `\n[${run}] ${receivers.length} receiver process${receivers.length > 1 ? 'es' : ''} (node ids ${nodeIds.join(', ')})\n` +
        `  acknowledged ${acked} packets in ${(ms / 1000).toFixed(1)} s = ${((acked / ms) * 1000).toFixed(0)} packets/s ` +
        `(stored ${stored}; ack p50 ${clients.map((c) => c.p50.toFixed(1)).join('/')} ms, p99 ${clients.map((c) => c.p99.toFixed(1)).join('/')} ms)\n` +
        `  whole machine CPU per packet: ${((busy * 10_000) / Math.max(1, acked)).toFixed(0)} µs (${busy} busy jiffies over ${wall.toFixed(1)} s)\n` +
        `  lock waits of the database's backends: ${waitMs} ms in ${locks.samples} samples of ${SAMPLE_MS} ms (${events})\n` +
        `  chains: ${verdict.ok ? 'intact' : 'BROKEN'}, ${(verdict.chains ?? []).map((c) => `${c.name} ${c.count}`).join(', ')}`,
    );
  }
}
