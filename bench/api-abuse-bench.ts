/**
 * The receiver under API load (issue 11): the whole platform (HTTP + HJ 212 receiver, SQLite, a demo year of
 * data) in this process; in a child process (bench/api-abuse-client.ts) N simulated loggers on 127.0.0.1 send
 * real-time packets at a logger's pace and time each acknowledgement, first alone, then while a few HTTP
 * clients request the heaviest requests the API still allows (ten-year report with year-on-year, ten-year xlsx
 * export and daily table, 93 days of hours for every station, and the reported attack: a code 1,000 times),
 * each in a loop. This process records its event-loop delay (perf_hooks.monitorEventLoopDelay) in each phase.
 *
 *   npx tsx bench/api-abuse-bench.ts [--loggers 100] [--interval-ms 2000] [--seconds 20] [--clients 4]
 *                                    [--db .bench/api-abuse.sqlite] [--days 365] [--heavy-concurrent 2]
 *
 * Goal: acknowledgements within 1 s (p99) with the heavy requests running, as without them. About a minute:
 * seeding the demo year (~10 s, skipped when the file already has it), then two phases of --seconds each.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { addDays, dateOf } from '../src/rules/time/calendar.ts';
import { startPlatform } from '../src/server/start.ts';
import { createLogger } from '../src/services/logger.ts';
import { upsertDevice } from '../src/store/devices.repository.ts';
import { upsertSite } from '../src/store/sites.repository.ts';
import type { AbuseClientOptions } from './api-abuse-client.ts';
import { asNpmStartRuns } from './bench-targets.ts';

// The platform as `npm start` runs it: with a 64 MB semi-space (young generation), see README.
await asNpmStartRuns();

const { values: args } = parseArgs({
  options: {
    loggers: { type: 'string', default: '100' },
    'interval-ms': { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '4' },
    /** httpLimits.heavyConcurrent (default the platform's, 2). */
    'heavy-concurrent': { type: 'string' },
    days: { type: 'string', default: '365' },
    db: { type: 'string', default: fileURLToPath(new URL('../.bench/api-abuse.sqlite', import.meta.url)) },
  },
});
const out = (line: string) => console.log(line);
const MN_PREFIX = 'QBABENCH';
const PW = '20261205';
const PARAMS: [string, string][] = [
  ['a34004', 'PM2.5'],
  ['a34002', 'PM10'],
  ['a21026', 'SO2'],
  ['a21004', 'NO2'],
  ['a21005', 'CO'],
  ['a05024', 'O3'],
];

mkdirSync(dirname(args.db), { recursive: true });
const config = loadConfig({
  env: {},
  overrides: {
    db: args.db,
    httpHost: '127.0.0.1',
    httpPort: 0,
    tcpHost: '127.0.0.1',
    tcpPort: 0,
    demo: true,
    demoSimulator: false,
    demoHistoryDays: Number(args.days),
    logLevel: 'warn',
    // Every bench logger connects from 127.0.0.1: one address plays the whole district, so the per-address and
    // unproven caps are lifted (the caps themselves are exercised by src/abuse/receiver.abuse.test.ts).
    receiverLimits: {
      maxConnectionsPerAddress: Number(args.loggers) + 100,
      maxUnprovenPerAddress: Number(args.loggers) + 100,
    },
    ...(args['heavy-concurrent']
      ? { httpLimits: { heavyConcurrent: Number(args['heavy-concurrent']) } }
      : {}),
  },
});
out(`qingshan api-abuse bench — node ${process.version}, ${new Date().toISOString()}, db ${args.db}`);
let t = performance.now();
const platform = await startPlatform(config, { log: createLogger('warn') });
await platform.ready;
out(`platform ready in ${Math.round(performance.now() - t)} ms (demo history ${args.days} days)`);

// One site per bench logger, outside the district value, so the reports measured are the district's own.
const loggers = Number(args.loggers);
t = performance.now();
for (let c = 0; c < loggers; c++) {
  const mn = `${MN_PREFIX}${String(c).padStart(24 - MN_PREFIX.length, '0')}`;
  const site = await upsertSite(platform.db.db, {
    code: `QB-BENCH${String(c).padStart(4, '0')}`,
    name: `压测数采仪 ${c}`,
    kind: 'air_station',
    inDistrictValue: false,
  });
  await upsertDevice(platform.db.db, {
    mn,
    siteId: site.id,
    password: PW,
    expectedIntervalS: 60,
    offlineAfterMissed: 3,
    factors: PARAMS.map(([factor, parameter]) => ({ factor, parameter })),
  });
}
await platform.receiver.registry.reload();

// The heaviest requests still allowed: every district station over the longest period each route takes.
const today = dateOf(Date.now());
const from = addDays(today, -3659);
const attack = Array(1000).fill('QB-T01').join(',');
const heavy = [
  `/api/air/report?from=${from}&to=${today}&yoy=true`,
  `/api/dashboard/export?from=${from}&to=${today}`,
  `/api/dashboard/hours?hours=2232`,
  `/api/air/daily?from=${from}&to=${today}&perSite=true&pageSize=5000`,
  `/api/dashboard/days?from=${from}&to=${today}`,
  `/api/dashboard/export?from=${from}&to=${today}&format=csv&sites=${attack}`,
  `/api/dashboard/hours?hours=2232&sites=${attack}`,
];

const options: AbuseClientOptions = {
  tcpPort: platform.receiver.port,
  httpUrl: platform.url,
  loggers,
  intervalMs: Number(args['interval-ms']),
  seconds: Number(args.seconds),
  clients: Number(args.clients),
  mnPrefix: MN_PREFIX,
  pw: PW,
  heavy,
};
out(
  `${loggers} loggers, one packet each every ${options.intervalMs} ms (${Math.round((loggers * 1000) / options.intervalMs)}/s); ` +
    `${options.seconds} s without, then ${options.seconds} s with ${options.clients} clients looping over ${heavy.length} heavy requests`,
);

const delay = monitorEventLoopDelay({ resolution: 10 });
const ms = (ns: number) => Math.round(ns / 1e5) / 10;
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    fileURLToPath(new URL('./api-abuse-client.ts', import.meta.url)),
    JSON.stringify(options),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
interface PhaseEnd {
  event: 'end';
  phase: string;
  acks: { packets: number; p50: number; p99: number; max: number };
  heavy: { done: number; statuses: Record<string, number>; msTotal: number; msMax: number };
}
const rows: string[] = [];
let buffered = '';
child.stdout.on('data', (d: Buffer) => {
  buffered += d.toString();
  for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
    const event = JSON.parse(buffered.slice(0, nl)) as { event: string };
    buffered = buffered.slice(nl + 1);
    if (event.event === 'start') {
      delay.reset();
      delay.enable();
    } else if (event.event === 'end') {
      delay.disable();
      const e = event as PhaseEnd;
      const h = e.heavy;
      rows.push(
        `  ${e.phase.padEnd(8)} acks ${e.acks.packets}: p50 ${e.acks.p50} ms, p99 ${e.acks.p99} ms, max ${e.acks.max} ms; ` +
          `event-loop delay p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms` +
          (h.done > 0
            ? `; heavy requests ${h.done} (${Object.entries(h.statuses)
                .map(([s, n]) => `${n}× ${s}`)
                .join(', ')}), mean ${Math.round(h.msTotal / h.done)} ms, max ${Math.round(h.msMax)} ms`
            : ''),
      );
      out(rows.at(-1) as string);
    }
  }
});
const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
await platform.close();
out('\nsummary (goal: acknowledgement p99 ≤ 1000 ms with the heavy requests, as without them)');
for (const row of rows) out(row);
process.exit(code ?? 1);
