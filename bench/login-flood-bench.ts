/**
 * Log-in under a flood of guesses (issue 11, finding 8): the real server on a fresh SQLite file, a real user
 * signing in from its own loopback address (127.0.0.200) first alone (the baseline), then while `clients`
 * concurrent clients in a child process (bench/login-flood-client.ts) guess random usernames from other
 * loopback addresses (127.0.0.2 …). Reports the real user's log-in latency p50/p99/max in both phases, the
 * event-loop delay of the server while flooded, and what the flood got back (401 = a password check was
 * spent on it; 429/503 = refused before any).
 *
 *   npx tsx bench/login-flood-bench.ts [--clients 32] [--addresses 32] [--logins 20] [--seconds 20]
 *                                      [--fresh-address]   # flooded log-ins from an address new to the server
 *
 * Every real log-in is a different user (real-1 …), as in an office at 8:00: one user signing in 20 times a
 * minute would meet the per-username limit, which is the point of that limit. Loopback only; bounded in time.
 * Goal (issue 11): a real log-in while flooded takes about what it takes alone (~80–100 ms), not 1.2 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { startPlatform } from '../src/server/start.ts';
import { createUser } from '../src/services/auth/accounts.service.ts';
import { createLogger } from '../src/services/logger.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    addresses: { type: 'string', default: '32' },
    logins: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
    // The flooded log-ins from an address that has signed no one in yet (no priority lane).
    'fresh-address': { type: 'boolean', default: false },
  },
});
const clients = Number(args.clients);
const addresses = Math.min(Number(args.addresses), 190);
const logins = Number(args.logins);
const seconds = Number(args.seconds);
const REAL_ADDRESS = '127.0.0.200';
const FLOODED_ADDRESS = args['fresh-address'] ? '127.0.0.201' : REAL_ADDRESS;
const PASSWORD = 'real-User-Password-1';

const dir = mkdtempSync(join(tmpdir(), 'qs-login-bench-'));
const platform = await startPlatform(
  loadConfig({
    env: {},
    overrides: {
      db: join(dir, 'qingshan.sqlite'),
      httpPort: 0,
      tcpPort: 0,
      tcpHost: '127.0.0.1',
      demo: false,
      logLevel: 'error',
    },
  }),
  { log: createLogger('error') },
);
await platform.ready;
const port = Number(new URL(platform.url).port);
for (let i = 1; i <= 2 * logins; i += 1) {
  await createUser(
    platform.db.db,
    { username: `real-${i}`, displayName: `real ${i}`, password: PASSWORD, roles: ['leader'] },
    { actor: 'bench', origin: 'bench' },
    Date.now(),
  );
}

/** One log-in attempt: its status, latency (ms) and Retry-After (s). */
function attempt(
  username: string,
  from: string,
): Promise<{ status: number; ms: number; retryAfterS: number }> {
  const body = JSON.stringify({ username, password: PASSWORD });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/auth/login',
        method: 'POST',
        agent: false,
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            retryAfterS: Number(res.headers['retry-after'] ?? 1),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let refusedReal = 0;

/**
 * A real user signing in as a person would: answered "busy" (429/503), they wait the Retry-After and try again
 * (at most 5 times). Returns the time until signed in, waits included.
 */
async function realLogin(username: string, from = REAL_ADDRESS): Promise<number> {
  const started = performance.now();
  for (let tries = 0; tries < 5; tries += 1) {
    const a = await attempt(username, from);
    if (a.status === 200) return performance.now() - started;
    if (a.status !== 429 && a.status !== 503)
      throw new Error(`real log-in of ${username} answered ${a.status}`);
    refusedReal += 1;
    await sleep(a.retryAfterS * 1000);
  }
  throw new Error(`real log-in of ${username} refused 5 times`);
}

/** `logins` real log-ins spread over `spreadMs` (users `first` …). */
async function realLogins(first: number, spreadMs: number, from = REAL_ADDRESS): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < logins; i += 1) {
    times.push(await realLogin(`real-${first + i}`, from));
    await sleep(spreadMs / logins);
  }
  return times;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const summary = (times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return `p50 ${pct(s, 50).toFixed(0)} ms, p99 ${pct(s, 99).toFixed(0)} ms, max ${(s.at(-1) ?? 0).toFixed(0)} ms`;
};

console.log(`qingshan login-flood bench — node ${process.version}, ${new Date().toISOString()}`);
console.log(`server ${platform.url} (SQLite); real user from ${REAL_ADDRESS}; ${logins} log-ins per phase`);

await realLogin('real-1'); // warm-up (the dummy hash, JIT)
const alone = await realLogins(1, 2000);
console.log(`alone:   ${summary(alone)}`);
refusedReal = 0;

const client = fileURLToPath(new URL('./login-flood-client.ts', import.meta.url));
const flood = spawn(
  process.execPath,
  ['--import', 'tsx', client, JSON.stringify({ port, clients, addresses, seconds })],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let floodOut = '';
flood.stdout.on('data', (d: Buffer) => {
  floodOut += d.toString();
});
const floodDone = new Promise<void>((resolve) => flood.once('exit', () => resolve()));
const killer = setTimeout(() => flood.kill('SIGKILL'), (seconds + 30) * 1000);

await sleep(1000); // the flood is under way
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const flooded = await realLogins(1 + logins, Math.max(0, (seconds - 3) * 1000), FLOODED_ADDRESS);
loop.disable();
await floodDone;
clearTimeout(killer);

const byStatus =
  (JSON.parse(floodOut.trim() || '{}') as { byStatus?: Record<string, number> }).byStatus ?? {};
console.log(`flooded (ms, in order): ${flooded.map((t) => t.toFixed(0)).join(' ')}`);
console.log(
  `flooded: ${summary(flooded)}, ${refusedReal} answered busy and retried after Retry-After  (${clients} clients from ${addresses} addresses, ${seconds} s; real user from ${FLOODED_ADDRESS}${args['fresh-address'] ? ', never signed anyone in' : ''})`,
);
console.log(
  `server event-loop delay while flooded: p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`,
);
const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
console.log(
  `flood answers: ${total} (${Object.entries(byStatus)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ')}); password checks spent on it: ${byStatus['401'] ?? 0} ` +
    `(${((byStatus['401'] ?? 0) / seconds).toFixed(1)}/s)`,
);

await platform.close();
rmSync(dir, { recursive: true, force: true });
