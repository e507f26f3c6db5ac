/**
 * End-to-end HJ 212 ingest over TCP on SQLite (or PostgreSQL with --db postgres://…): the receiver in this
 * process, 1,000 logger connections in a child process on loopback (bench/hj212-load-client.ts) sending real-time
 * packets (6 factors) as fast as the 9014 answers allow. Reports packets/s and values/s stored AND acknowledged,
 * memory before/after, and the raw insert rate of the same store (driver alone, the same rows) measured in the
 * same run.
 *
 *   npx tsx bench/hj212-ingest-bench.ts [--connections 1000] [--seconds 30] [--window 4] [--db path-or-url]
 *   npx tsx bench/hj212-ingest-bench.ts --soak 600      # memory sampled every 10 s
 *   node --expose-gc --import tsx bench/hj212-ingest-bench.ts --soak 600   # heap sampled after a full GC
 *
 * 30 s by default, not less: the steady state starts only after the receiver holds 100,000 retransmission keys
 * (~5 s) and the writer thread has checkpointed its WAL (~15 s); a shorter run measures the warm-up.
 *
 * Goal (issue 3): ≥ 20,000 packets/s with 1,000 concurrent connections on SQLite; memory flat over 10 minutes.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Jurisdiction } from '#rules/access/jurisdiction.ts';
import { plausibilityConfig, plausibilityPolicies } from '../src/config/plausibility.ts';
import { startHj212Receiver } from '../src/receiver/tcp-server.ts';
import { createLogger } from '../src/services/logger.ts';
import { upsertDevice } from '../src/store/devices.repository.ts';
import { countMeasurements } from '../src/store/measurements.repository.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { Db } from '../src/store/open-db.ts';
import { countRawPackets } from '../src/store/raw-packets.repository.ts';
import { upsertSite } from '../src/store/sites.repository.ts';
import {
  asNpmStartRuns,
  benchSqlitePath,
  connectRawPostgres,
  dropTarget,
  freshTarget,
  isPostgresTarget,
  openRawSqlite,
  pgPlaceholders,
  removeSqliteFiles,
} from './bench-targets.ts';

/** The benchmark reads what it wrote, every site. */
const EVERY_SITE = Jurisdiction.system('bench');

// The platform as `npm start` runs it: with a 64 MB semi-space (young generation), see README.
await asNpmStartRuns();

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    window: { type: 'string', default: '4' },
    packets: { type: 'string', default: '2000000' },
    soak: { type: 'string' },
    db: { type: 'string', default: fileURLToPath(new URL('../.bench/hj212.sqlite', import.meta.url)) },
  },
});
const connections = Number(args.connections);
const soak = args.soak !== undefined ? Number(args.soak) : undefined;
const seconds = soak ?? Number(args.seconds);
const target = args.db;
const onPostgres = isPostgresTarget(target);
const PW = '20250601';
const MN_PREFIX = 'QBBENCH';
const FACTORS = ['a34004', 'a34002', 'a21026', 'a21004', 'a21005', 'a05024'];
const PARAMS = ['PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3'];
const out = (line: string) => console.log(line);
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

/** A fresh store (`suffix` names its file or schema) with one site and one device per connection. */
async function setup(suffix: string): Promise<Db> {
  const db = await freshTarget(target, suffix);
  await migrateToLatest(db.db);
  await db.db.transaction().execute(async (trx) => {
    for (let c = 0; c < connections; c++) {
      const mn = `${MN_PREFIX}${String(c).padStart(24 - MN_PREFIX.length, '0')}`;
      const site = await upsertSite(trx, {
        code: `BENCH-${c}`,
        name: `压测站 ${c}`,
        kind: 'air_station',
        isSample: true,
      });
      await upsertDevice(trx, {
        mn,
        siteId: site.id,
        password: PW,
        expectedIntervalS: 3600,
        factors: FACTORS.map((f, i) => ({ factor: f, parameter: PARAMS[i] as string })),
      });
    }
  });
  return db;
}

/**
 * CPU time of the whole machine in ms (all processes: receiver, load client, PostgreSQL's server processes,
 * neighbours), from /proc/stat; undefined where there is none.
 */
function machineCpuMs(): number | undefined {
  try {
    const fields = (readFileSync('/proc/stat', 'latin1').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal …: busy = all but idle, iowait and steal, in USER_HZ (100/s).
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
    return (user + nice + system + irq + softirq) * 10;
  } catch {
    return undefined;
  }
}

interface ClientFigures {
  sent: number;
  acked: number;
  badAnswers: number;
  ms: number;
  p50: number;
  p99: number;
  valuesPerPacket: number;
  /** The client process's CPU time over the whole run (ms). */
  cpuMs: number;
}

function runClients(port: number): Promise<ClientFigures> {
  const client = fileURLToPath(new URL('./hj212-load-client.ts', import.meta.url));
  const options = {
    port,
    connections,
    seconds,
    window: Number(args.window),
    maxPackets: Number(args.packets),
    mnPrefix: MN_PREFIX,
    pw: PW,
    t0: Date.parse('2026-06-01T00:00:00+08:00'),
  };
  const child = spawn(
    process.execPath,
    [
      ...(process.env.QS_CLIENT_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-client'] : []),
      '--import',
      'tsx',
      client,
      JSON.stringify(options),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited with ${code}`));
      else resolve(JSON.parse(text.trim()) as ClientFigures);
    });
  });
}

/**
 * One packet's rows as the receiver stores them: the raw packet, its site's real-time row of 6 readings, and the
 * same readings as its logger's own (device_realtime_values, issue 12).
 */
interface RawPacketRows {
  raw: [number, string, string, string, string, Buffer, string, null];
  realtime: [number, number, string, string, number];
  device: [number, string, string, number];
}

function rawRowsOf(i: number, siteIds: number[], sample: Buffer, t0: number): RawPacketRows {
  const c = i % connections;
  const readings: Record<string, [number, string]> = {};
  for (const param of PARAMS) readings[param] = [1.5, 'N'];
  const time = t0 + Math.floor(i / connections) * 1000;
  const mn = `${MN_PREFIX}${String(c).padStart(24 - MN_PREFIX.length, '0')}`;
  return {
    device: [time, mn, JSON.stringify(readings), Date.now()],
    raw: [Date.now(), '127.0.0.1:40000', `MN${c}`, '2011', '20260601000000000', sample, 'stored', null],
    realtime: [
      t0 + Math.floor(i / connections) * 1000,
      siteIds[c] as number,
      JSON.stringify(readings),
      'hj212',
      Date.now(),
    ],
  };
}

const RAW_COLUMNS = 'raw_packets (received_at, peer, mn, cn, qn, bytes, verdict, reason)';

/**
 * The store's raw insert rate in the same run: a fresh store with the same schema, sites and devices, the same
 * rows (one raw packet + one real-time row of 6 readings for its site and one for its logger per packet, same
 * keys: one site per connection, one second apart), plain INSERTs with the driver alone, one transaction per `batch` packets (the receiver's mean
 * commit). SQLite: prepared one-row INSERTs; PostgreSQL: one multi-row INSERT per table and transaction.
 */
async function rawInsertRate(packets: number, sample: Buffer, batch: number) {
  const store = await setup('raw');
  const siteIds = (await store.db.selectFrom('devices').select('site_id').orderBy('mn').execute()).map(
    (d) => d.site_id,
  );
  const t0 = Date.parse('2026-06-01T00:00:00+08:00');
  let seconds: number;
  if (store.engine === 'sqlite') {
    await store.close();
    const file = benchSqlitePath(target, 'raw');
    const database = openRawSqlite(file);
    const raw = database.prepare(`insert into ${RAW_COLUMNS} values (?, ?, ?, ?, ?, ?, ?, ?)`);
    const value = database.prepare('insert into realtime_values values (?, ?, ?, ?, ?)');
    const own = database.prepare(
      'insert into device_realtime_values (time, mn, readings, received_at) values (?, ?, ?, ?)',
    );
    const started = performance.now();
    for (let p = 0; p < packets; p += batch) {
      database.transaction(() => {
        for (let i = p; i < Math.min(packets, p + batch); i++) {
          const rows = rawRowsOf(i, siteIds, sample, t0);
          raw.run(rows.raw);
          value.run(rows.realtime);
          own.run(rows.device);
        }
      })();
    }
    seconds = (performance.now() - started) / 1000;
    database.close();
    removeSqliteFiles(file);
  } else {
    const client = await connectRawPostgres(target, store.schema ?? 'public');
    const started = performance.now();
    for (let p = 0; p < packets; p += batch) {
      const part = Array.from({ length: Math.min(batch, packets - p) }, (_, k) =>
        rawRowsOf(p + k, siteIds, sample, t0),
      );
      await client.query('begin');
      // At most 8,000 rows per statement: PostgreSQL allows 65,535 parameters.
      for (let k = 0; k < part.length; k += 8000) {
        const chunk = part.slice(k, k + 8000);
        await client.query(
          `insert into ${RAW_COLUMNS} values ${pgPlaceholders(chunk.length, 8)}`,
          chunk.flatMap((r) => r.raw),
        );
        await client.query(
          `insert into realtime_values values ${pgPlaceholders(chunk.length, 5)}`,
          chunk.flatMap((r) => r.realtime),
        );
        await client.query(
          `insert into device_realtime_values (time, mn, readings, received_at) values ${pgPlaceholders(chunk.length, 4)}`,
          chunk.flatMap((r) => r.device),
        );
      }
      await client.query('commit');
    }
    seconds = (performance.now() - started) / 1000;
    await client.end();
    await dropTarget(store);
  }
  return { packetsPerS: packets / seconds, rowsPerS: (packets * (1 + PARAMS.length)) / seconds };
}

const db = await setup('ingest');
const log = createLogger('warn', 'bench');
// The packets are dated from 2026-06-01 and the receiver runs on the real clock: a ten-year back-fill window keeps
// them plausible (issue 11) whenever the bench runs, and so does a CO range for the client's synthetic values
// (up to 100.5), so it measures storing every packet, plausibility check included.
const plausibility = plausibilityPolicies(
  plausibilityConfig.parse({ backfillDays: 3660, ranges: { CO: { min: 0, max: 1000 } } }),
);
// Every load client connects from 127.0.0.1 at once: one address plays the whole district, so its per-address
// and unproven caps are lifted here (the caps themselves are exercised by src/abuse/receiver.abuse.test.ts).
const receiver = await startHj212Receiver({
  db,
  log,
  host: '127.0.0.1',
  port: 0,
  plausibility,
  limits: {
    maxConnections: Math.max(5000, connections + 100),
    maxConnectionsPerAddress: connections + 100,
    maxUnprovenConnections: connections + 100,
    maxUnprovenPerAddress: connections + 100,
  },
});
global.gc?.();
const before = process.memoryUsage();
out(
  `HJ 212 ingest bench — node ${process.version}, ${connections} connections, ${seconds} s, window ${args.window}, ${db.engine} ${onPostgres ? `${target} (schema ${db.schema})` : benchSqlitePath(target, 'ingest')}`,
);
out(`memory before: rss ${mb(before.rss)}, heap ${mb(before.heapUsed)}`);
const samples: string[] = [];
const sampler = setInterval(() => {
  // With --expose-gc the heap is sampled after a full collection: live objects, not garbage awaiting a GC.
  global.gc?.();
  const m = process.memoryUsage();
  const s = receiver.stats();
  const line = `  t+${samples.length * 10 + 10}s rss ${mb(m.rss)} heap ${mb(m.heapUsed)} packets ${s.packets} connections ${s.connections}`;
  samples.push(line);
  if (soak !== undefined) out(line);
}, 10_000);
const started = performance.now();
const statsBefore = { ...receiver.stats() };
const cpuBefore = process.cpuUsage();
const machineBefore = machineCpuMs();
const clients = await runClients(receiver.port);
const elapsed = (performance.now() - started) / 1000;
// The receiver's CPU (main thread and writer thread: process-wide), a figure the other load on a shared machine
// disturbs far less than packets/s.
const cpu = process.cpuUsage(cpuBefore);
const machineAfter = machineCpuMs();
clearInterval(sampler);
const stats = receiver.stats();
const after = process.memoryUsage();
await receiver.close();
const storedValues = await countMeasurements(db.db, EVERY_SITE);
const storedPackets = await countRawPackets(db.db, 'stored');
await dropTarget(db, onPostgres ? undefined : benchSqlitePath(target, 'ingest'));

const packets = stats.packets - statsBefore.packets;
out(
  `clients: sent ${clients.sent}, acknowledged ${clients.acked} (bad answers ${clients.badAnswers}) in ${(clients.ms / 1000).toFixed(1)} s; ack latency p50 ${clients.p50.toFixed(1)} ms, p99 ${clients.p99.toFixed(1)} ms`,
);
out(
  `stored: ${storedPackets} packets, ${storedValues} values in ${stats.batches} group commits (${(packets / Math.max(1, stats.batches)).toFixed(0)} packets each)`,
);
const ackRate = clients.acked / (clients.ms / 1000);
out(
  `end-to-end: ${ackRate.toFixed(0)} packets/s, ${(ackRate * clients.valuesPerPacket).toFixed(0)} values/s stored and acknowledged (wall ${elapsed.toFixed(1)} s)`,
);
out(
  `CPU per acknowledged packet: receiver ${((cpu.user + cpu.system) / Math.max(1, clients.acked)).toFixed(0)} µs ` +
    `(system ${(cpu.system / Math.max(1, clients.acked)).toFixed(0)} µs), load client ${((clients.cpuMs * 1000) / Math.max(1, clients.acked)).toFixed(0)} µs; ` +
    `receiver busy ${(((cpu.user + cpu.system) / 1e6 / elapsed) * 100).toFixed(0)} % of one core`,
);
if (machineBefore !== undefined && machineAfter !== undefined) {
  const perPacket = ((machineAfter - machineBefore) * 1000) / Math.max(1, clients.acked);
  const others =
    perPacket -
    (cpu.user + cpu.system) / Math.max(1, clients.acked) -
    (clients.cpuMs * 1000) / Math.max(1, clients.acked);
  out(
    `CPU per acknowledged packet, whole machine: ${perPacket.toFixed(0)} µs, of which ${Math.max(0, others).toFixed(0)} µs outside the receiver and load client` +
      (onPostgres ? ' (PostgreSQL server processes, and any neighbours)' : ' (neighbours)'),
  );
}
out(`memory after: rss ${mb(after.rss)}, heap ${mb(after.heapUsed)}`);
const sample = Buffer.alloc(330, 'x');
const raw = await rawInsertRate(
  Math.min(storedPackets, 200_000),
  sample,
  Math.max(1, Math.round(packets / Math.max(1, stats.batches))),
);
out(
  `raw insert (driver alone, same schema, rows and batch size): ${raw.packetsPerS.toFixed(0)} packets/s = ${raw.rowsPerS.toFixed(0)} rows/s`,
);
out(
  `end-to-end / raw: ${((ackRate / raw.packetsPerS) * 100).toFixed(0)} %` +
    (onPostgres ? '' : `   goal: ≥ 20,000 packets/s with ${connections} connections`),
);
if (soak !== undefined) out(`soak samples:\n${samples.join('\n')}`);
